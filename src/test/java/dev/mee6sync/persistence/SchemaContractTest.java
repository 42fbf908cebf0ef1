package dev.mee6sync.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The schema is a public contract (other applications share the database): names, types, constraints and the
 * ledger's invariants, checked on the real PostgreSQL the migrations built. Hibernate's mapping is validated against
 * it at every test start ({@code %test.quarkus.hibernate-orm.schema-management.strategy=validate}).
 */
@QuarkusTest
class SchemaContractTest {

    @Inject
    TestDatabase db;

    @BeforeEach
    void reset() {
        db.reset();
    }

    @Test
    void migrationsApplyToAnEmptyDatabase() {
        assertThat(db.query("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL"))
                .contains(List.of("1", true));
        assertThat(db.query("SELECT action, points, enabled, label FROM point_config"))
                .containsExactly(List.of("discord_activity", 1, true, "Discord activity, per 100 MEE6 XP"));
        assertThat(db.query("SELECT job, consecutive_failures FROM sync_state")).containsExactly(List.of("mee6", 0));
    }

    @Test
    void tablesHaveTheContractColumns() {
        assertThat(columns("member")).containsExactly("id bigint", "discord_id text", "discord_username text",
                "total_points bigint", "current_streak integer", "last_active_at timestamp with time zone",
                "created_at timestamp with time zone", "updated_at timestamp with time zone", "longest_streak integer");
        assertThat(columns("point_config")).containsExactly("action text", "points integer", "enabled boolean",
                "label text", "updated_at timestamp with time zone");
        assertThat(columns("point_transaction")).containsExactly("id bigint", "member_id bigint", "action text",
                "points integer", "sync_id text", "metadata jsonb", "created_at timestamp with time zone",
                "activity_at timestamp with time zone");
        assertThat(columns("discord_activity")).containsExactly("id bigint", "member_id bigint", "discord_id text",
                "activity_type text", "xp_total bigint", "xp_delta bigint", "leftover_xp integer",
                "in_leaderboard boolean", "sync_id text", "synced_at timestamp with time zone", "guild_id text",
                "epoch integer", "observed_xp bigint", "provenance_since timestamp with time zone", "source text");
        assertThat(columns("sync_state")).contains("job text", "consecutive_failures integer",
                "last_success_at timestamp with time zone", "last_failure_at timestamp with time zone",
                "last_error text", "alerted_at timestamp with time zone");
        assertThat(columns("sync_run")).contains("sync_id text", "trigger text", "status text",
                "started_at timestamp with time zone", "completed_at timestamp with time zone", "stats jsonb",
                "error text", "run_time timestamp with time zone");
        assertThat(columns("provenance_opening_carry")).containsExactly("activity_id bigint", "carried_xp integer",
                "recorded_by text", "recorded_at timestamp with time zone");
    }

    @Test
    void aMemberNeedsOnlyItsDiscordId() {
        db.execute("INSERT INTO member (discord_id) VALUES ('401234567890123456')");
        assertThat(db.query("SELECT total_points, current_streak FROM member")).containsExactly(List.of(0L, 0));
        assertThat(db.expectError("INSERT INTO member (discord_id) VALUES ('401234567890123456')"))
                .contains("member_discord_id_key");
    }

    @Test
    void activityIsUniquePerMemberAndSync() {
        long member = db.insertMember("401234567890123456");
        String insert = "INSERT INTO discord_activity (member_id, discord_id, xp_total, leftover_xp, in_leaderboard, "
                + "sync_id) VALUES (?, '401234567890123456', 3000000000, 0, true, 'sync-1')";
        db.execute(insert, member); // bigint XP: over 2^31
        assertThat(db.expectError(insert, member)).contains("discord_activity_member_sync_key");
        assertThat(db.expectError("INSERT INTO discord_activity (member_id, discord_id, xp_total, leftover_xp, "
                + "in_leaderboard, sync_id) VALUES (?, 'x', 0, 100, true, 'sync-2')", member)).contains("leftover_xp");
        assertThat(db.expectError("INSERT INTO discord_activity (member_id, discord_id, xp_total, xp_delta, "
                + "leftover_xp, in_leaderboard, sync_id) VALUES (?, 'x', 5, 5, 0, false, 'sync-3')", member))
                .contains("discord_activity_absence_has_no_delta");
    }

    @Test
    void pointTransactionsAreUniquePerMemberActionAndSync() {
        long member = db.insertMember("401234567890123456");
        String insert = "INSERT INTO point_transaction (member_id, action, points, sync_id) "
                + "VALUES (?, 'discord_activity', 3, 'sync-1')";
        db.execute(insert, member);
        assertThat(db.expectError(insert, member)).contains("point_transaction_member_action_sync_key");
        db.execute("INSERT INTO point_transaction (member_id, action, points, sync_id) "
                + "VALUES (?, 'quest', 3, 'sync-1')", member);
        assertThat(db.queryLong("SELECT total_points FROM member WHERE id = ?", member)).isEqualTo(6);
    }

    @Test
    void balanceEqualsTheSumOfTransactionsWhoeverInserts() {
        long alice = db.insertMember("401234567890123456");
        long bob = db.insertMember("387654321098765432");
        // another application of the database writes the ledger directly, in one multi-row statement and alone
        db.execute("INSERT INTO point_transaction (member_id, action, points) "
                + "VALUES (?, 'quest', 10), (?, 'quest', -4), (?, 'quest', 7)", alice, alice, bob);
        db.execute("INSERT INTO point_transaction (member_id, action, points) VALUES (?, 'manual_correction', -2)",
                bob);
        assertThat(db.queryLong("SELECT total_points FROM member WHERE id = ?", alice)).isEqualTo(6);
        assertThat(db.queryLong("SELECT total_points FROM member WHERE id = ?", bob)).isEqualTo(5);
        assertThat(db.balanceMismatches()).isEmpty();
    }

    @Test
    void theLedgerIsAppendOnly() {
        long member = db.insertMember("401234567890123456");
        db.execute("INSERT INTO point_transaction (member_id, action, points) VALUES (?, 'quest', 10)", member);
        assertThat(db.expectError("UPDATE point_transaction SET points = 100")).contains("append-only");
        assertThat(db.expectError("DELETE FROM point_transaction")).contains("append-only");
        assertThat(db.expectError("UPDATE member SET total_points = 1000 WHERE id = ?", member))
                .contains("changes only through point_transaction");
        assertThat(db.expectError("INSERT INTO member (discord_id, total_points) VALUES ('1', 50)"))
                .contains("starts at 0");
        assertThat(db.queryLong("SELECT total_points FROM member WHERE id = ?", member)).isEqualTo(10);
    }

    @Test
    void theLedgerCannotBeTruncatedNotEvenThroughTheMembersCascade() {
        long member = db.insertMember("401234567890123456");
        db.execute("INSERT INTO point_transaction (member_id, action, points) VALUES (?, 'quest', 10)", member);
        assertThat(db.expectError("TRUNCATE point_transaction"))
                .contains("point_transaction is append-only: TRUNCATE is not allowed; record a correcting transaction");
        assertThat(db.expectError("TRUNCATE member CASCADE")).contains("append-only: TRUNCATE is not allowed");
        assertThat(db.queryLong("SELECT count(*) FROM point_transaction")).isEqualTo(1);
        assertThat(db.queryLong("SELECT total_points FROM member WHERE id = ?", member)).isEqualTo(10);
    }

    @Test
    void aWeekdayIsEvaluatedOnceAndOnlyWeekdaysAre() {
        db.execute("INSERT INTO streak_day (day, sync_id) VALUES ('2026-11-27', 's')"); // a Friday
        assertThat(db.expectError("INSERT INTO streak_day (day, sync_id) VALUES ('2026-11-27', 't')"))
                .contains("streak_day_pkey");
        assertThat(db.expectError("INSERT INTO streak_day (day, sync_id) VALUES ('2026-11-28', 's')")) // Saturday
                .contains("streak_day_day_check");
    }

    /** The streak job finds a day's points through created_at: activity_at stays within a bound of it (V4). */
    @Test
    void pointsAreEarnedAtMost26HoursBeforeTheirRowAndNeverMuchAfter() {
        long member = db.insertMember("401234567890123456");
        String insert = "INSERT INTO point_transaction (member_id, action, points, created_at, activity_at) VALUES "
                + "(?, 'quest', 1, timestamptz '2026-11-28 09:00+00', timestamptz '2026-11-28 09:00+00' + ?::interval)";
        db.execute(insert, member, "-25 hours");
        db.execute(insert, member, "5 minutes");
        assertThat(db.expectError(insert, member, "-26 hours")).contains("point_transaction_activity_near_creation");
        assertThat(db.expectError(insert, member, "6 minutes")).contains("point_transaction_activity_near_creation");
        db.execute("INSERT INTO point_transaction (member_id, action, points) VALUES (?, 'quest', 1)", member);
        assertThat(db.queryLong("SELECT count(*) FROM point_transaction WHERE activity_at IS NULL")).isEqualTo(1);
    }

    @Test
    void aRunHasItsTime() {
        assertThat(db.expectError("INSERT INTO sync_run (sync_id, trigger, status) VALUES ('s', 'manual', 'RUNNING')"))
                .contains("run_time");
    }

    @Test
    void anOpeningCarryIsOfOneActivityRowAndBelow100() {
        long member = db.insertMember("401234567890123456");
        long row = db.queryLong("INSERT INTO discord_activity (member_id, discord_id, xp_total, leftover_xp, "
                + "in_leaderboard, sync_id) VALUES (?, '401234567890123456', 0, 40, false, 's') RETURNING id", member);
        String insert = "INSERT INTO provenance_opening_carry (activity_id, carried_xp, recorded_by) "
                + "VALUES (?, ?, 't')";
        db.execute(insert, row, 40);
        assertThat(db.expectError(insert, row, 40)).contains("provenance_opening_carry_pkey");
        assertThat(db.expectError(insert, row + 1, 40)).contains("provenance_opening_carry_activity_id_fkey");
        for (int carried : new int[] { 0, 100, -100 }) {
            assertThat(db.expectError(insert, row, carried)).contains("provenance_opening_carry_carried_xp_check");
        }
    }

    @Test
    void aReadingIsItsOwnLastObservedXp() {
        long member = db.insertMember("401234567890123456");
        assertThat(db.expectError("INSERT INTO discord_activity (member_id, discord_id, xp_total, leftover_xp, "
                + "in_leaderboard, observed_xp, sync_id) VALUES (?, 'x', 5, 0, true, 4, 's')", member))
                .contains("discord_activity_reading_is_observed");
    }

    @Test
    void aMemberWithTransactionsCannotBeDeleted() {
        long member = db.insertMember("401234567890123456");
        db.execute("INSERT INTO point_transaction (member_id, action, points) VALUES (?, 'quest', 10)", member);
        assertThat(db.expectError("DELETE FROM member WHERE id = ?", member))
                .contains("member " + member + " has point transactions and cannot be deleted");
        assertThat(db.queryLong("SELECT count(*) FROM member")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM point_transaction")).isEqualTo(1);
    }

    @Test
    void aMemberWithoutTransactionsCanBeDeleted() {
        long member = db.insertMember("401234567890123456");
        db.execute("INSERT INTO discord_activity (member_id, discord_id, xp_total, leftover_xp, in_leaderboard, "
                + "sync_id) VALUES (?, '401234567890123456', 10, 0, true, 's')", member);
        db.execute("DELETE FROM member WHERE id = ?", member);
        assertThat(db.queryLong("SELECT count(*) FROM discord_activity")).isZero();
    }

    @Test
    void theLatestRowPerMemberIsAnIndexProbe() {
        assertThat(db.query("SELECT indexname FROM pg_indexes WHERE tablename = 'discord_activity'"))
                .extracting(row -> row.get(0))
                .contains("discord_activity_member_latest_idx", "discord_activity_member_observed_idx");
    }

    private List<String> columns(String table) {
        return db.query("SELECT column_name || ' ' || data_type FROM information_schema.columns "
                + "WHERE table_name = ? ORDER BY ordinal_position", table)
                .stream().map(row -> (String) row.get(0)).toList();
    }
}
