package dev.mee6sync.sync;

import static dev.mee6sync.sync.SyncLambdaTest.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.LedgerInvariants;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;
import dev.mee6sync.testing.MockEventServer;
import dev.mee6sync.testing.SentryStandIn;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The mass-change guard (docs/ledger-rules.md, "Mass changes"): a run that would deduct many members at once, or a
 * board that shrank to less than half, is refused before any write, counted as a failed run and alerted at once; an
 * operator then applies it or starts a new epoch, by a manual invocation. One member's removal stays ordinary.
 */
@QuarkusTest
class MassChangeTest {

    static final String GUILD = Mee6StandIn.GUILD_ID;
    static final long FIRST_ID = 510_000_000_000_000_000L;
    static final int MEMBERS = 20;
    static final String ALERT = "consecutive sync failures";

    @Inject
    TestDatabase db;

    @Inject
    LedgerInvariants invariants;

    final Mee6StandIn mee6 = Mee6StandIn.get();

    @BeforeEach
    void linkTwentyMembers() {
        db.reset();
        mee6.reset();
        SentryStandIn.reset();
        db.insertMembers(FIRST_ID, MEMBERS);
        serve(i -> 10_000 + 1_000L * i, 0);
        invoke("{\"syncId\": \"baseline\"}").statusCode(200).body("firstSyncs", equalTo(MEMBERS));
    }

    @Test
    void aResetOfTheGuildsXpIsRefusedThenRebaselinedThenGainsArePaidFromTheNewReadings() {
        serve(i -> 40 + i, 0); // an admin reset every member's XP: the board's top XP collapses
        invoke("{\"syncId\": \"reset\"}").statusCode(500)
                .body("errorMessage", containsString("Mass change refused before any write: the board's top XP (the "
                        + "10th-highest of page 0) is 50, less than half of the 20,000 of the last run"))
                .body("errorMessage", containsString("{\"syncId\": \"reset\", \"massChange\": \"rebaseline\"}"));
        assertThat(db.queryLong("SELECT count(*) FROM discord_activity WHERE sync_id = 'reset'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM point_transaction")).isZero();
        assertThat(db.query("SELECT consecutive_failures, alerted_at IS NOT NULL FROM sync_state WHERE job = 'mee6'"))
                .as("alerted at once, not after three failures").containsExactly(List.of(1, true));
        assertThat(SentryStandIn.eventsContaining(ALERT)).singleElement().asString().contains("Mass change refused");
        assertThat(db.query("SELECT stats ->> 'massChangeRefused' FROM sync_run WHERE sync_id = 'reset'"))
                .containsExactly(List.of("board-reset"));

        invoke("{\"syncId\": \"reset\", \"massChange\": \"rebaseline\"}").statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("massChange", equalTo("rebaseline"))
                .body("epoch", equalTo(1))
                .body("provenanceBaselines", equalTo(MEMBERS))
                .body("pointsAwarded", equalTo(0))
                .body("pointsDeducted", equalTo(0));
        assertThat(SentryStandIn.eventsContaining("recovered")).hasSize(1);

        serve(i -> 40 + i + 150, 0);
        invoke("{\"syncId\": \"after-reset\"}").statusCode(200).body("pointsAwarded", equalTo(MEMBERS))
                .body("massChange", nullValue());
        assertThat(db.query("SELECT DISTINCT total_points FROM member")).containsExactly(List.of(1L));
        assertThat(db.query("SELECT DISTINCT epoch FROM discord_activity WHERE sync_id = 'after-reset'"))
                .containsExactly(List.of(1));
        assertSound();
    }

    @Test
    void twelveOfTwentyLosingXpIsRefusedThenAppliedWithItsDeductions() {
        serve(i -> 10_000 + 1_000L * i - (i < 12 ? 300 : -120), 0);
        invoke("{\"syncId\": \"purge\"}").statusCode(500)
                .body("errorMessage", containsString("12 of the 20 members read with an earlier reading"))
                .body("errorMessage", containsString("MEE6_MASS_CHANGE_MIN_MEMBERS=5"));
        assertThat(db.queryLong("SELECT count(*) FROM point_transaction")).isZero();

        invoke("{\"syncId\": \"purge\", \"massChange\": \"apply\"}").statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("massChange", equalTo("apply"))
                .body("pointsDeducted", equalTo(36))
                .body("pointsAwarded", equalTo(8));
        assertThat(db.query("SELECT stats ->> 'massChange', attempts FROM sync_run WHERE sync_id = 'purge'"))
                .containsExactly(List.of("apply", 2));
        assertSound();
    }

    @Test
    void oneMembersXpRemovalIsOrdinaryAndDeducted() {
        serve(i -> 10_000 + 1_000L * i + (i == 7 ? -300 : 150), 0);
        invoke("{\"syncId\": \"one-removal\"}").statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("pointsDeducted", equalTo(3))
                .body("pointsAwarded", equalTo(MEMBERS - 1))
                .body("massChangeRefused", nullValue());
        assertSound();
    }

    @Test
    void aBoardShrunkToLessThanHalfIsRefused() {
        // the reference: a read of a 400-player board to its end
        db.reset();
        db.insertMembers(FIRST_ID, MEMBERS);
        serve(i -> 10_000 + 1_000L * i, 380);
        invoke(MockEventServer.scheduledEvent("2026-12-01T00:00:00Z")).statusCode(200)
                .body("mee6FullRead", equalTo(true)).body("mee6PlayersRead", equalTo(400));
        // a day later, read to its end again: 60 players, the members among them, XP unchanged
        serve(i -> 10_000 + 1_000L * i, 40);
        invoke(MockEventServer.scheduledEvent("2026-12-02T01:00:00Z")).statusCode(500)
                .body("errorMessage", containsString("the board holds 60 players, fewer than half of the 400 of the "
                        + "last run that read it to its end"));
        assertThat(db.query("SELECT stats ->> 'massChangeRefused' FROM sync_run "
                + "WHERE sync_id = 'scheduled-2026-12-02T01:00:00Z'")).containsExactly(List.of("board-shrank"));
        assertThat(db.queryLong("SELECT count(*) FROM discord_activity WHERE sync_id LIKE '%2026-12-02%'")).isZero();

        // applied: the small board becomes the reference
        invoke("{\"syncId\": \"scheduled-2026-12-02T01:00:00Z\", \"massChange\": \"apply\"}").statusCode(200);
        assertThat(db.queryLong("SELECT reference_players FROM board_state WHERE source = 'mee6'")).isEqualTo(60);
        assertSound();
    }

    /**
     * MEE6 resets every player's XP: the board empties, and members come back one to three an hour with a few hundred
     * XP. Fewer than 5 of them lose points in any one run, so rule (a) alone would deduct each one its lifetime XP;
     * the board's top XP refuses the first run after the reset, and every run until an operator decides.
     */
    @Test
    void aBoardMee6ResetIsRefusedWhileItRepopulatesSlowlyUntilAnOperatorRebaselines() {
        mee6.reset();
        mee6.serveBoard(GUILD, List.of(), 100); // the reset: nobody on the board
        invoke(MockEventServer.scheduledEvent("2026-12-01T01:00:00Z")).statusCode(500)
                .body("errorMessage", containsString("the board's top XP (the 10th-highest of page 0) is 0"));
        for (int hour = 2; hour <= 4; hour++) {
            int back = hour - 1; // 1, 2, 3 members back, with 40 to 300 XP
            serve(i -> i < back ? 40L + 100L * i : -1, 0);
            invoke(MockEventServer.scheduledEvent("2026-12-01T0" + hour + ":00:00Z")).statusCode(500)
                    .body("errorMessage", containsString("Mass change refused before any write: the board's top XP"));
        }
        assertThat(db.queryLong("SELECT count(*) FROM point_transaction")).as("nobody deducted").isZero();
        assertThat(SentryStandIn.eventsContaining("needs an operator now")).as("each refused run alerts at once")
                .hasSize(4);

        invoke("{\"syncId\": \"scheduled-2026-12-01T04:00:00Z\", \"massChange\": \"rebaseline\"}").statusCode(200)
                .body("epoch", equalTo(1)).body("pointsDeducted", equalTo(0)).body("pointsAwarded", equalTo(0));
        assertSound();
    }

    /** A decision takes effect with its writes: a rebaseline whose read fails starts no epoch and stays to be made. */
    @Test
    void aRebaselineWhoseReadFailsChangesNothingAndCanBeMadeAgain() {
        serve(i -> 40 + i, 0);
        invoke("{\"syncId\": \"reset\"}").statusCode(500);
        mee6.reset();
        mee6.servePage(GUILD, 0, Mee6StandIn.fixture(503, "blocked-503.html"));
        invoke("{\"syncId\": \"reset\", \"massChange\": \"rebaseline\"}").statusCode(500);
        assertThat(db.queryLong("SELECT epoch FROM board_state")).as("no epoch without its writes").isZero();
        assertThat(db.queryLong("SELECT reference_top_xp FROM board_state")).as("the reference stands")
                .isEqualTo(20_000);

        serve(i -> 40 + i + 10, 0);
        invoke("{\"syncId\": \"after\"}").statusCode(500)
                .body("errorMessage", containsString("Mass change refused")); // hourly runs: still refused
        invoke("{\"syncId\": \"reset\", \"massChange\": \"rebaseline\"}").statusCode(200)
                .body("epoch", equalTo(1)).body("provenanceBaselines", equalTo(MEMBERS));
        assertThat(db.queryLong("SELECT epoch FROM board_state")).isEqualTo(1);
        assertSound();
    }

    /** MEE6 was down for hours (alerted) and comes back with a mass change: the refusal alerts at once all the same. */
    @Test
    void aRefusalAfterAnAlertedOutageAlertsAtOnce() {
        mee6.reset();
        mee6.servePage(GUILD, 0, Mee6StandIn.fixture(503, "blocked-503.html"));
        for (int hour = 1; hour <= 3; hour++) {
            invoke(MockEventServer.scheduledEvent("2026-12-01T0" + hour + ":00:00Z")).statusCode(500);
        }
        assertThat(SentryStandIn.eventsContaining("3 consecutive sync failures")).hasSize(1);
        serve(i -> 10_000 + 1_000L * i - (i < 12 ? 300 : 0), 0);
        invoke(MockEventServer.scheduledEvent("2026-12-01T04:00:00Z")).statusCode(500)
                .body("errorMessage", containsString("12 of the 20 members"));
        assertThat(SentryStandIn.eventsContaining("needs an operator now")).singleElement().asString()
                .contains("Mass change refused", "4 consecutive sync failures");
    }

    /** The members' XP by index (-1: not on the board), and {@code others} more players below them (not linked). */
    void serve(IntToLongFunction xp, int others) {
        Map<String, Long> board = new LinkedHashMap<>();
        for (int i = 0; i < MEMBERS; i++) {
            long value = xp.applyAsLong(i);
            if (value >= 0) { // -1: not on the board
                board.put(String.valueOf(FIRST_ID + i), value);
            }
        }
        mee6.reset();
        List<Player> players = new ArrayList<>();
        board.forEach((id, value) -> players.add(new Player(id, value)));
        players.addAll(Mee6StandIn.players(others, 520_000_000_000_000_000L, 5_000));
        mee6.serveBoard(GUILD, players, 100);
    }

    void assertSound() {
        assertThat(invariants.violations()).isEmpty();
    }
}
