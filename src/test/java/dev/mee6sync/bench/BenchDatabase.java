package dev.mee6sync.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * The benchmark's own SQL, on its own connections (never the application's pool): setting the database up between
 * runs, reading pg_stat_statements, and the COPY floor.
 */
final class BenchDatabase implements AutoCloseable {

    static final String FLOOR_ACTIVITY = "bench_floor_activity";
    static final String FLOOR_TRANSACTION = "bench_floor_transaction";

    private final Connection direct;
    private final String floorUrl;

    /**
     * @param directUrl the PostgreSQL server itself
     * @param floorUrl  where the COPY floor connects: the same proxy as the application, so both pay the same hop
     */
    BenchDatabase(String directUrl, String floorUrl) throws SQLException {
        this.direct = connect(directUrl);
        this.floorUrl = floorUrl;
        execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }

    private static Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", "");
        Connection connection = new org.postgresql.Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("Not a PostgreSQL URL: " + url);
        }
        return connection;
    }

    /** Back to the state right after the migrations (the ledger refuses DELETE: TRUNCATE). */
    void reset() throws SQLException {
        execute("TRUNCATE discord_activity, point_transaction, sync_run, member RESTART IDENTITY CASCADE");
        execute("UPDATE sync_state SET consecutive_failures = 0, last_success_at = NULL, last_failure_at = NULL, "
                + "last_error = NULL, alerted_at = NULL");
        execute("UPDATE point_config SET points = 1, enabled = true WHERE action = 'discord_activity'");
        execute("DROP TABLE IF EXISTS " + FLOOR_ACTIVITY + ", " + FLOOR_TRANSACTION);
    }

    /** Links members 0..n-1 of {@link BenchBoard}; member ids come out as 1..n. */
    void insertMembers(int members) throws SQLException {
        execute("INSERT INTO member (discord_id, discord_username) SELECT (" + BenchBoard.MEMBER_BASE_ID
                + " + g)::text, 'member_' || g FROM generate_series(0, " + (members - 1) + ") g ORDER BY g");
    }

    /**
     * {@code rows} older activity rows spread evenly over the members, as if earlier hourly syncs had recorded them:
     * each holds the member's XP of round 0, so a sync of round 0 finds no change. Their ids are all below the ids of
     * the rows the benchmarked syncs write. Foreign-key triggers are skipped for this bulk load (the rows are valid).
     */
    void insertHistory(int members, long rows) throws SQLException {
        long perMember = Math.max(1, rows / members);
        execute("SET session_replication_role = replica");
        try {
            execute("INSERT INTO discord_activity (member_id, discord_id, xp_total, xp_delta, leftover_xp, "
                    + "in_leaderboard, sync_id, synced_at) "
                    + "SELECT m.id, m.discord_id, "
                    + "1000 * (" + BenchBoard.players(members) + " - (2 * (m.discord_id::bigint - "
                    + BenchBoard.MEMBER_BASE_ID + ") + 1)) + 5000, 0, 0, true, 'history-' || k, "
                    + "now() - make_interval(hours => " + perMember + " - k + 1) "
                    + "FROM member m CROSS JOIN generate_series(1, " + perMember + ") k ORDER BY k, m.id");
        } finally {
            execute("SET session_replication_role = origin");
        }
    }

    /** What autovacuum would have done between two hourly syncs: fresh statistics and visibility map. */
    void vacuumAnalyze() throws SQLException {
        execute("VACUUM ANALYZE member, discord_activity, point_transaction, sync_run");
    }

    /**
     * Diagnostics ({@code -Dbench.show-statements=true}): pg_stat_statements also tracks nested statements (trigger
     * and foreign-key queries) for new connections. Costs a little, so off for the numbers that count.
     */
    void trackNestedStatements() throws SQLException {
        execute("ALTER SYSTEM SET pg_stat_statements.track = 'all'");
        execute("SELECT pg_reload_conf()");
    }

    void resetStatementStats() throws SQLException {
        execute("SELECT pg_stat_statements_reset()");
    }

    /** Calls of top-level statements since the reset, the benchmark's own pg_stat_statements queries left out. */
    long statementCalls() throws SQLException {
        return queryLong("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements "
                + "WHERE query NOT ILIKE '%pg_stat_statements%'");
    }

    /**
     * Shared-buffer blocks the counted statements hit, read (not in PostgreSQL's cache: from the OS), dirtied and
     * wrote since the reset: how much of the database a sync touched, and how much of it was not cached.
     */
    long[] statementBlocks() throws SQLException {
        try (Statement statement = direct.createStatement();
                ResultSet row = statement.executeQuery("SELECT coalesce(sum(shared_blks_hit), 0), "
                        + "coalesce(sum(shared_blks_read), 0), coalesce(sum(shared_blks_dirtied), 0), "
                        + "coalesce(sum(shared_blks_written), 0) FROM pg_stat_statements "
                        + "WHERE query NOT ILIKE '%pg_stat_statements%'")) {
            row.next();
            return new long[] { row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4) };
        }
    }

    /** The statements counted since the reset, most called first: what a sync sent, for the log. */
    String statementSummary() throws SQLException {
        StringBuilder summary = new StringBuilder();
        try (Statement statement = direct.createStatement();
                ResultSet rows = statement.executeQuery("SELECT calls, total_exec_time, toplevel, "
                        + "regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_statements "
                        + "WHERE query NOT ILIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC")) {
            while (rows.next()) {
                String query = rows.getString(4);
                summary.append(String.format("%6d calls %9.1f ms %s %s%n", rows.getLong(1), rows.getDouble(2),
                        rows.getBoolean(3) ? "top   " : "nested", query.length() > 110 ? query.substring(0, 110)
                                + "..." : query));
            }
        }
        return summary.toString();
    }

    long transactionsOf(String syncId) throws SQLException {
        return queryLong("SELECT count(*) FROM point_transaction WHERE sync_id = '" + syncId + "'");
    }

    long activityRowsOf(String syncId) throws SQLException {
        return queryLong("SELECT count(*) FROM discord_activity WHERE sync_id = '" + syncId + "'");
    }

    long balanceMismatches() throws SQLException {
        return queryLong("SELECT count(*) FROM (SELECT m.id FROM member m LEFT JOIN point_transaction t "
                + "ON t.member_id = m.id GROUP BY m.id HAVING m.total_points <> coalesce(sum(t.points), 0)) x");
    }

    /** Version and the settings that matter most here, e.g. {@code 14.22 (shared_buffers 128MB, ...)}. */
    String serverDescription() throws SQLException {
        try (Statement statement = direct.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_setting('server_version') || ' (shared_buffers "
                        + "' || current_setting('shared_buffers') || ', work_mem ' || current_setting('work_mem') "
                        + "|| ', max_wal_size ' || current_setting('max_wal_size') || ', fsync ' "
                        + "|| current_setting('fsync') || ', synchronous_commit ' "
                        + "|| current_setting('synchronous_commit') || ')'")) {
            row.next();
            return row.getString(1);
        }
    }

    /**
     * The floor's tables: same columns, defaults, identity, CHECK constraints and indexes (unique ones included) as the
     * real ones ({@code LIKE ... INCLUDING ALL}); no foreign keys and no triggers.
     */
    void createFloorTables() throws SQLException {
        execute("DROP TABLE IF EXISTS " + FLOOR_ACTIVITY + ", " + FLOOR_TRANSACTION);
        execute("CREATE TABLE " + FLOOR_ACTIVITY + " (LIKE discord_activity INCLUDING ALL)");
        execute("CREATE TABLE " + FLOOR_TRANSACTION + " (LIKE point_transaction INCLUDING ALL)");
    }

    /**
     * COPYs what a sync of {@code round} writes for {@code members} members (an activity row each, and from round 1
     * on a point transaction each) in one transaction, and returns the milliseconds it took, commit included. The
     * data is generated before the clock starts.
     */
    double copyFloor(int members, int round, String syncId) throws SQLException {
        byte[] activity = activityRows(members, round, syncId);
        byte[] transactions = round == 0 ? null : transactionRows(members, round, syncId);
        try (Connection connection = connect(floorUrl)) {
            connection.setAutoCommit(false);
            CopyManager copy = new CopyManager(connection.unwrap(BaseConnection.class));
            long started = System.nanoTime();
            copy.copyIn("COPY " + FLOOR_ACTIVITY + " (member_id, discord_id, activity_type, xp_total, xp_delta, "
                    + "leftover_xp, in_leaderboard, sync_id) FROM STDIN", new ByteArrayInputStream(activity));
            if (transactions != null) {
                copy.copyIn("COPY " + FLOOR_TRANSACTION + " (member_id, action, points, sync_id, metadata) FROM STDIN",
                        new ByteArrayInputStream(transactions));
            }
            connection.commit();
            double ms = (System.nanoTime() - started) / 1e6;
            if (Boolean.getBoolean("bench.show-statements")) {
                System.out.printf("bench: COPY floor of round %d: %.1f ms%n", round, ms);
            }
            return ms;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] activityRows(int members, int round, String syncId) {
        StringBuilder rows = new StringBuilder(members * 80);
        for (int i = 0; i < members; i++) {
            long xp = BenchBoard.memberXp(i, members, round);
            long delta = round == 0 ? 0 : xp - BenchBoard.memberXp(i, members, round - 1);
            rows.append(i + 1).append('\t').append(BenchBoard.memberDiscordId(i)).append("\tMESSAGE\t").append(xp)
                    .append('\t').append(round == 0 ? "\\N" : String.valueOf(delta)).append('\t').append(delta % 100)
                    .append("\tt\t").append(syncId).append('\n');
        }
        return rows.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] transactionRows(int members, int round, String syncId) {
        StringBuilder rows = new StringBuilder(members * 120);
        for (int i = 0; i < members; i++) {
            long delta = BenchBoard.memberXp(i, members, round) - BenchBoard.memberXp(i, members, round - 1);
            long units = delta / 100;
            rows.append(i + 1).append("\tdiscord_activity\t").append(units).append('\t').append(syncId)
                    .append("\t{\"units\": ").append(units).append(", \"xpDelta\": ").append(delta)
                    .append(", \"leftoverXp\": ").append(delta % 100).append(", \"effectiveXp\": ").append(delta)
                    .append("}\n");
        }
        return rows.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = direct.createStatement()) {
            statement.execute(sql);
        }
    }

    private long queryLong(String sql) throws SQLException {
        try (Statement statement = direct.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        direct.close();
    }
}
