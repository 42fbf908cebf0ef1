package dev.mee6sync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.LedgerInvariants;
import dev.mee6sync.testing.LogCapture;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;
import dev.mee6sync.testing.MockEventServer;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A community migrates to a new Discord server: MEE6_GUILD_ID now names another guild. Readings of the old guild never
 * count against the new one: every member's next reading is a baseline, nothing paid or deducted, and the first run
 * reads the whole new board.
 */
@QuarkusTest
@TestProfile(GuildChangeTest.NewGuild.class)
class GuildChangeTest {

    static final String OLD_GUILD = Mee6StandIn.GUILD_ID;
    static final String NEW_GUILD = "987654321098765432";
    static final String ALICE = "401234567890123456";
    static final String BOB = "387654321098765432";

    public static class NewGuild implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mee6.guild-id", NEW_GUILD);
        }
    }

    @Inject
    TestDatabase db;

    @Inject
    LedgerInvariants invariants;

    @Test
    void everyMembersFirstReadingOnTheNewGuildIsABaseline() {
        db.reset();
        Mee6StandIn mee6 = Mee6StandIn.get();
        mee6.reset();
        long alice = db.insertMember(ALICE);
        long bob = db.insertMember(BOB);
        // what the deployment wrote while MEE6_GUILD_ID named the old guild: Alice's baseline then +40 (carried)
        history(alice, ALICE, 89_960, null, 0, "old-1");
        history(alice, ALICE, 90_000, 40L, 40, "old-2");
        history(bob, BOB, 2_000, null, 0, "old-1");

        mee6.serveBoard(NEW_GUILD, List.of(new Player(ALICE, 300), new Player(BOB, 12_000)), 100);
        try (LogCapture log = LogCapture.start()) {
            MockEventServer.invoke("{\"syncId\": \"new-guild\"}").statusCode(200)
                    .body("status", equalTo("COMPLETED"))
                    .body("provenanceBaselines", equalTo(2))
                    .body("pointsAwarded", equalTo(0))
                    .body("pointsDeducted", equalTo(0))
                    .body("mee6FullRead", equalTo(true));
            assertThat(log.text()).contains("the configured guild changed");
        }
        assertThat(db.query("SELECT member_id, guild_id, xp_total, xp_delta, leftover_xp FROM discord_activity "
                + "WHERE sync_id = 'new-guild' ORDER BY member_id")).containsExactly(
                        Arrays.asList(alice, NEW_GUILD, 300L, null, 0),
                        Arrays.asList(bob, NEW_GUILD, 12_000L, null, 0));

        mee6.reset();
        mee6.serveBoard(NEW_GUILD, List.of(new Player(ALICE, 450), new Player(BOB, 12_100)), 100);
        MockEventServer.invoke("{\"syncId\": \"on-new-guild\"}").statusCode(200)
                .body("provenanceBaselines", equalTo(0))
                .body("pointsAwarded", equalTo(2)); // Alice +150 (the old guild's 40 XP do not carry), Bob +100
        assertThat(invariants.violations()).isEmpty();
    }

    /** The old guild's board of 403 players is no reference for the new one of 60: each board has its own memory. */
    @Test
    void aSmallerNewGuildIsNotRefusedAsAShrunkBoard() {
        db.reset();
        Mee6StandIn mee6 = Mee6StandIn.get();
        mee6.reset();
        long alice = db.insertMember(ALICE);
        history(alice, ALICE, 89_960, null, 0, "old-1");
        db.execute("INSERT INTO board_state (source, guild_id, reference_players, reference_top_xp, reference_at) "
                + "VALUES ('mee6', ?, 403, 80000, now() - interval '1 hour')", OLD_GUILD);
        List<Player> players = new ArrayList<>(Mee6StandIn.players(59, 500_000_000_000_000_000L, 5_000));
        players.add(new Player(ALICE, 300));
        mee6.serveBoard(NEW_GUILD, players, 100);
        MockEventServer.invoke("{\"syncId\": \"smaller\"}").statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("mee6PlayersRead", equalTo(60))
                .body("provenanceBaselines", equalTo(1));
        assertThat(db.query("SELECT guild_id, reference_players FROM board_state")).containsExactlyInAnyOrder(
                List.of(NEW_GUILD, 60), List.of(OLD_GUILD, 403));
        assertThat(invariants.violations()).isEmpty();
    }

    private void history(long member, String discordId, long xp, Long delta, int leftover, String syncId) {
        db.execute("INSERT INTO discord_activity (member_id, discord_id, guild_id, xp_total, xp_delta, leftover_xp, "
                + "in_leaderboard, observed_xp, sync_id, synced_at, provenance_since) "
                + "VALUES (?, ?, ?, ?, ?, ?, true, ?, ?, now() - interval '1 hour', now() - interval '1 day')", member,
                discordId, OLD_GUILD, xp, delta, leftover, xp, syncId);
    }
}
