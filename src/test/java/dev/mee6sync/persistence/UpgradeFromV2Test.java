package dev.mee6sync.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.db.SchemaMigration;
import dev.mee6sync.testing.LedgerInvariants;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;
import dev.mee6sync.testing.MockEventServer;
import dev.mee6sync.testing.TestDatabase;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * An operator upgrades a deployment whose database is at V2 with history: the first invocation migrates (V3 gives
 * every row the provenance it had), and the first sync after it re-baselines and re-pays no one. The application runs
 * against its own schema here ({@code upgrade_v2}), built to V2 by Flyway and filled as V2's code left it.
 */
@QuarkusTest
@TestProfile(UpgradeFromV2Test.InOwnSchema.class)
class UpgradeFromV2Test {

    static final String SCHEMA = "upgrade_v2";
    static final String GUILD = Mee6StandIn.GUILD_ID;
    static final String ALICE = "401234567890123456";
    static final String CAROL = "1234567890123456789";
    static final String DAVE_BEFORE = "298765432109876543";
    static final String DAVE = "312345678901234567";

    public static class InOwnSchema implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.additional-jdbc-properties.currentSchema", SCHEMA,
                    "quarkus.flyway.schemas", SCHEMA,
                    "quarkus.flyway.migrate-at-start", "false",
                    "quarkus.hibernate-orm.schema-management.strategy", "none");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SchemaMigration migration;

    @Inject
    TestDatabase db;

    @Inject
    LedgerInvariants invariants;

    final Mee6StandIn mee6 = Mee6StandIn.get();

    @AfterEach
    void dropSchema() {
        db.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    @Test
    void theFirstSyncAfterTheUpgradeRePaysNoOneAndCarriesEveryLeftover() {
        db.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        Flyway.configure().dataSource(dataSource).schemas(SCHEMA).locations("classpath:db/migration").target("2")
                .load().migrate();
        long alice = db.insertMember(ALICE);
        long carol = db.insertMember(CAROL);
        long dave = db.insertMember(DAVE);
        // what V2's code wrote: Alice a baseline then +250 (2 points, 50 carried); Carol a reading then absent;
        // Dave read under an earlier account, then re-linked (V2 took his next delta against the old account)
        v2Row(alice, ALICE, 10_000, null, 0, true, "s1", 48);
        v2Row(alice, ALICE, 10_250, 250L, 50, true, "s2", 47);
        db.execute("INSERT INTO point_transaction (member_id, action, points, sync_id, metadata) VALUES (?, "
                + "'discord_activity', 2, 's2', '{\"xpDelta\": 250, \"effectiveXp\": 250, \"units\": 2, "
                + "\"leftoverXp\": 50}'::jsonb)", alice);
        v2Row(carol, CAROL, 5_000, null, 0, true, "s1", 48);
        v2Row(carol, CAROL, 0, null, 0, false, "s2", 47);
        v2Row(dave, DAVE_BEFORE, 7_000, null, 0, true, "s1", 48);
        v2Row(dave, DAVE, 7_040, null, 0, true, "s2", 47); // a V2 baseline of the new account, as if first seen

        migration.ensureMigrated(); // what the first invocation after the upgrade does
        assertThat(db.query("SELECT version FROM flyway_schema_history ORDER BY installed_rank DESC LIMIT 1"))
                .containsExactly(List.of("3"));
        assertThat(db.query("SELECT DISTINCT guild_id, epoch FROM discord_activity"))
                .containsExactly(List.of(GUILD, 0));
        assertThat(db.query("SELECT sync_id, observed_xp FROM discord_activity WHERE member_id = ? ORDER BY id", carol))
                .containsExactly(List.of("s1", 5_000L), List.of("s2", 5_000L));
        assertThat(db.queryLong("SELECT count(DISTINCT provenance_since) FROM discord_activity WHERE member_id = ?",
                dave)).as("two accounts, two provenances").isEqualTo(2);

        serve(Map.of(ALICE, 10_350L, CAROL, 5_000L, DAVE, 7_040L));
        MockEventServer.invoke("{\"syncId\": \"after-upgrade\"}").statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("provenanceBaselines", equalTo(0))
                .body("implausibleFirstReadings", equalTo(0))
                .body("firstSyncs", equalTo(0))
                .body("pointsDeducted", equalTo(0))
                .body("pointsAwarded", equalTo(1)); // Alice: +100 on her 50 carried
        assertThat(db.query("SELECT id, total_points FROM member ORDER BY id"))
                .containsExactly(List.of(alice, 3L), List.of(carol, 0L), List.of(dave, 0L));
        assertThat(db.query("SELECT leftover_xp FROM discord_activity WHERE sync_id = 'after-upgrade' AND member_id = ?",
                alice)).containsExactly(List.of(50));
        assertThat(invariants.violations()).isEmpty();
        MockEventServer.invoke("{\"job\": \"audit\", \"syncId\": \"audit-after-upgrade\"}").statusCode(200)
                .body("status", equalTo("OK"));
    }

    private void v2Row(long member, String discordId, long xp, Long delta, int leftover, boolean inLeaderboard,
            String syncId, int hoursAgo) {
        db.execute("INSERT INTO discord_activity (member_id, discord_id, xp_total, xp_delta, leftover_xp, "
                + "in_leaderboard, sync_id, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, now() - make_interval(hours => ?))",
                member, discordId, xp, delta, leftover, inLeaderboard, syncId, hoursAgo);
    }

    private void serve(Map<String, Long> xp) {
        mee6.reset();
        List<Player> players = new ArrayList<>();
        xp.forEach((id, value) -> players.add(new Player(id, value)));
        mee6.serveBoard(GUILD, players, 100);
    }
}
