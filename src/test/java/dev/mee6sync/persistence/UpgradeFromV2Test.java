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
import dev.mee6sync.testing.SentryStandIn;
import dev.mee6sync.testing.TestDatabase;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * An operator upgrades a deployment whose database is at V2 with history: the first invocation migrates (V3 gives
 * every row the provenance it had, V4 records the carries V2 took across a re-link), the first sync after it
 * re-baselines and re-pays no one, and the audit finds the ledger sound, until a real drift. The application runs
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
    static final String ERIN_BEFORE = "298765432109876544";
    static final String ERIN = "312345678901234568";
    static final String FINN_BEFORE = "298765432109876545";
    static final String FINN = "312345678901234569";

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
    void theFirstSyncAfterTheUpgradeRePaysNoOneAndCarriesEveryLeftoverAndTheAuditIsOk() {
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
        // re-linked while carrying leftover, as V2's code did it (no provenance): the new account's first delta is
        // taken against the old account's XP and converted with the carried leftover (Erin: 50 in a reading; Finn: 70
        // through an absence first)
        long erin = db.insertMember(ERIN);
        long finn = db.insertMember(FINN);
        v2Row(erin, ERIN_BEFORE, 10_000, null, 0, true, "s1", 48);
        v2Row(erin, ERIN_BEFORE, 10_150, 150L, 50, true, "s2", 47);
        v2Transaction(erin, "s2", 1, 150, 50);
        v2Row(erin, ERIN, 10_180, 30L, 80, true, "s3", 46); // 30 + 50 carried: no unit, 80 carried on
        v2Row(erin, ERIN, 10_300, 120L, 0, true, "s4", 45);
        v2Transaction(erin, "s4", 2, 120, 0);
        v2Row(finn, FINN_BEFORE, 2_000, null, 0, true, "s1", 48);
        v2Row(finn, FINN_BEFORE, 2_170, 170L, 70, true, "s2", 47);
        v2Transaction(finn, "s2", 1, 170, 70);
        v2Row(finn, FINN, 0, null, 70, false, "s3", 46);
        v2Row(finn, FINN, 2_250, 80L, 50, true, "s4", 45); // 80 + 70 carried
        v2Transaction(finn, "s4", 1, 80, 50);
        db.execute("INSERT INTO sync_run (sync_id, trigger, status, started_at, completed_at) VALUES ('s2', "
                + "'eventbridge-rule', 'COMPLETED', now() - interval '47 hours', now() - interval '47 hours')");

        migration.ensureMigrated(); // what the first invocation after the upgrade does
        assertThat(db.query("SELECT version FROM flyway_schema_history WHERE success AND version IN ('3', '4') "
                + "ORDER BY installed_rank")).containsExactly(List.of("3"), List.of("4"));
        assertThat(db.query("SELECT a.member_id, a.sync_id, o.carried_xp, o.recorded_by "
                + "FROM provenance_opening_carry o JOIN discord_activity a ON a.id = o.activity_id "
                + "ORDER BY a.member_id"))
                .as("V3 cut Erin's and Finn's rows at the re-link: their new provenances opened with a carry")
                .containsExactly(List.of(erin, "s3", 50, "V4"), List.of(finn, "s3", 70, "V4"));
        assertThat(db.query("SELECT sync_id, run_time = started_at FROM sync_run"))
                .as("a run's time: when it started").containsExactly(List.of("s2", true));
        assertThat(db.queryLong("SELECT count(*) FROM point_transaction WHERE activity_at IS NOT NULL")).isZero();
        MockEventServer.invoke("{\"job\": \"audit\", \"syncId\": \"audit-at-upgrade\"}").statusCode(200)
                .body("status", equalTo("OK")).body("membersChecked", equalTo(5));
        assertThat(db.query("SELECT DISTINCT guild_id, epoch FROM discord_activity"))
                .containsExactly(List.of(GUILD, 0));
        assertThat(db.query("SELECT sync_id, observed_xp FROM discord_activity WHERE member_id = ? ORDER BY id", carol))
                .containsExactly(List.of("s1", 5_000L), List.of("s2", 5_000L));
        assertThat(db.queryLong("SELECT count(DISTINCT provenance_since) FROM discord_activity WHERE member_id = ?",
                dave)).as("two accounts, two provenances").isEqualTo(2);

        serve(Map.of(ALICE, 10_350L, CAROL, 5_000L, DAVE, 7_040L, ERIN, 10_330L, FINN, 2_300L));
        MockEventServer.invoke("{\"syncId\": \"after-upgrade\"}").statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("provenanceBaselines", equalTo(0))
                .body("implausibleFirstReadings", equalTo(0))
                .body("firstSyncs", equalTo(0))
                .body("pointsDeducted", equalTo(0))
                .body("pointsAwarded", equalTo(2)); // Alice: +100 on her 50 carried; Finn: +50 on his 50
        assertThat(db.query("SELECT id, total_points FROM member ORDER BY id")).containsExactly(List.of(alice, 3L),
                List.of(carol, 0L), List.of(dave, 0L), List.of(erin, 3L), List.of(finn, 3L));
        assertThat(db.query("SELECT member_id, leftover_xp FROM discord_activity WHERE sync_id = 'after-upgrade' "
                + "AND member_id IN (?, ?, ?) ORDER BY member_id", alice, erin, finn))
                .containsExactly(List.of(alice, 50), List.of(erin, 30), List.of(finn, 0));
        assertThat(invariants.violations()).isEmpty();
        MockEventServer.invoke("{\"job\": \"audit\", \"syncId\": \"audit-after-upgrade\"}").statusCode(200)
                .body("status", equalTo("OK"));

        // the opening carry hides nothing else: a transaction forged after the upgrade in Erin's provenance drifts
        SentryStandIn.reset();
        db.execute("INSERT INTO point_transaction (member_id, action, points, sync_id, metadata) VALUES (?, "
                + "'discord_activity', 3, 'after-upgrade', '{\"units\": 3}'::jsonb)", erin);
        MockEventServer.invoke("{\"job\": \"audit\", \"syncId\": \"audit-forged\"}").statusCode(200)
                .body("status", equalTo("DRIFT"))
                .body("problems", equalTo(1))
                .body("byInvariant.conservation", equalTo(1))
                .body("examples[0].memberId", equalTo((int) erin))
                .body("examples[0].numbers.units", equalTo(5))
                .body("examples[0].numbers.openingCarryXp", equalTo(50));
        assertThat(SentryStandIn.acceptedEventsContaining("ledger audit found")).singleElement().asString()
                .contains("\"level\":\"error\"", "1 broken invariant(s)").doesNotContain(ERIN);
    }

    private void v2Row(long member, String discordId, long xp, Long delta, int leftover, boolean inLeaderboard,
            String syncId, int hoursAgo) {
        db.execute("INSERT INTO discord_activity (member_id, discord_id, xp_total, xp_delta, leftover_xp, "
                + "in_leaderboard, sync_id, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, now() - make_interval(hours => ?))",
                member, discordId, xp, delta, leftover, inLeaderboard, syncId, hoursAgo);
    }

    /** A V2 sync's point transaction, with the audit trail V2 wrote. */
    private void v2Transaction(long member, String syncId, int units, long xpDelta, int leftover) {
        db.execute("INSERT INTO point_transaction (member_id, action, points, sync_id, metadata) VALUES (?, "
                + "'discord_activity', ?, ?, jsonb_build_object('xpDelta', ?::bigint, 'effectiveXp', ?::bigint, "
                + "'units', ?::int, 'leftoverXp', ?::int))", member, units, syncId, xpDelta,
                (long) units * 100 + leftover, units, leftover);
    }

    private void serve(Map<String, Long> xp) {
        mee6.reset();
        List<Player> players = new ArrayList<>();
        xp.forEach((id, value) -> players.add(new Player(id, value)));
        mee6.serveBoard(GUILD, players, 100);
    }
}
