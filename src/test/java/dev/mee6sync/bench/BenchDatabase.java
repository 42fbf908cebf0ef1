package dev.mee6sync.bench;

import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;

import org.postgresql.copy.CopyManager;
import org.postgresql.copy.PGCopyOutputStream;
import org.postgresql.core.BaseConnection;

import dev.mee6sync.testing.TestDatabase;

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

    /** The benchmark's database as {@link BenchResource} set it up: the server, and the proxy for the floor. */
    static BenchDatabase openBench() throws SQLException {
        return new BenchDatabase(System.getProperty(BenchResource.DIRECT_URL),
                System.getProperty(BenchResource.APP_URL));
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

    /**
     * Back to the state right after the migrations. The ledger refuses DELETE and TRUNCATE by design, so the reset
     * turns the triggers off for its own transaction only (as the tests' {@code TestDatabase} does).
     */
    void reset() throws SQLException {
        direct.setAutoCommit(false);
        try {
            for (String sql : TestDatabase.RESET_WITHOUT_TRIGGERS) {
                execute(sql);
            }
            direct.commit();
        } catch (SQLException e) {
            direct.rollback();
            throw e;
        } finally {
            direct.setAutoCommit(true);
        }
        for (String sql : TestDatabase.RESET_AFTER) {
            execute(sql);
        }
        execute("DROP TABLE IF EXISTS " + FLOOR_ACTIVITY + ", " + FLOOR_TRANSACTION);
    }

    /** Links members 0..n-1 of {@link BenchBoard}; member ids come out as 1..n. */
    void insertMembers(int members) throws SQLException {
        execute("INSERT INTO member (discord_id, discord_username) SELECT (" + BenchBoard.MEMBER_BASE_ID
                + " + g)::text, 'member_' || g FROM generate_series(0, " + (members - 1) + ") g ORDER BY g");
    }

    /**
     * {@code rows} older activity rows spread evenly over the members, as if earlier hourly syncs had recorded them:
     * each holds the member's XP of round 0 in the benchmark's guild and epoch 0 (the provenance a sync of now reads
     * in), the first of each member a baseline, so a sync of round 0 finds no change and no provenance change. Their
     * ids are all below the ids of the rows the benchmarked syncs write. Foreign-key triggers are skipped for this bulk
     * load (the rows are valid).
     */
    void insertHistory(int members, long rows) throws SQLException {
        long perMember = Math.max(1, rows / members);
        execute("SET session_replication_role = replica");
        try {
            execute("INSERT INTO discord_activity (member_id, discord_id, guild_id, epoch, xp_total, xp_delta, "
                    + "leftover_xp, in_leaderboard, observed_xp, provenance_since, sync_id, synced_at) "
                    + "SELECT m.id, m.discord_id, '" + BenchBoard.GUILD_ID + "', 0, x.xp, "
                    + "CASE WHEN k = 1 THEN NULL ELSE 0 END, 0, true, x.xp, "
                    + "now() - make_interval(hours => " + perMember + "), 'history-' || k, "
                    + "now() - make_interval(hours => " + perMember + " - k + 1) "
                    + "FROM member m CROSS JOIN generate_series(1, " + perMember + ") k "
                    + "CROSS JOIN LATERAL (SELECT 1000 * (" + BenchBoard.players(members)
                    + " - (2 * (m.discord_id::bigint - " + BenchBoard.MEMBER_BASE_ID
                    + ") + 1)) + 5000 AS xp) x ORDER BY k, m.id");
        } finally {
            execute("SET session_replication_role = origin");
        }
    }

    /**
     * A history for the audit (issue 11): {@code readings} hourly syncs of every member (ids 1..members, linked as by
     * {@link #insertMembers}), written as the sync writes them, the last one an hour before {@code end}: a baseline,
     * then readings with gains (up to 499 XP) and, pseudo-randomly, admin removals (7%: up to 399 XP) and absences
     * (3%: no reading, the leftover and the last observed XP kept), in the benchmark's guild and epoch 0. Each reading
     * carries its delta from the last observed XP and its leftover by the ledger's rules (effective = delta + leftover,
     * units rounded toward zero, 1 point per unit); every reading that converted units has its point transaction
     * (metadata as the sync writes it), and each balance is the sum of its transactions. So the audit finds nothing.
     * Bulk-loaded by COPY with the triggers off (the rows are valid); returns the point transactions written.
     */
    long insertAuditHistory(int members, int readings, Instant end) throws SQLException {
        long transactions;
        direct.setAutoCommit(false);
        try {
            execute("SET LOCAL session_replication_role = replica");
            CopyManager copy = new CopyManager(direct.unwrap(BaseConnection.class));
            copyRows(copy, "COPY discord_activity (member_id, discord_id, guild_id, epoch, xp_total, xp_delta, "
                    + "leftover_xp, in_leaderboard, observed_xp, provenance_since, sync_id, synced_at) FROM STDIN",
                    out -> auditHistory(members, readings, end, out, null));
            long[] count = new long[1];
            copyRows(copy,
                    "COPY point_transaction (member_id, action, points, sync_id, metadata, created_at) FROM STDIN",
                    out -> count[0] = auditHistory(members, readings, end, null, out));
            transactions = count[0];
            execute("UPDATE member m SET total_points = t.points, last_active_at = t.last_earned FROM ("
                    + "SELECT member_id, sum(points) AS points, max(created_at) FILTER (WHERE points > 0) "
                    + "AS last_earned FROM point_transaction GROUP BY member_id) t WHERE t.member_id = m.id");
            direct.commit();
        } catch (SQLException | RuntimeException e) {
            direct.rollback();
            throw e;
        } finally {
            direct.setAutoCommit(true);
        }
        return transactions;
    }

    private interface Rows {
        void write(Writer out) throws IOException;
    }

    private static void copyRows(CopyManager copy, String sql, Rows rows) throws SQLException {
        try (PGCopyOutputStream stream = new PGCopyOutputStream(copy.copyIn(sql), 1 << 16);
                Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
            rows.write(out);
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), e);
        }
    }

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssx")
            .withZone(ZoneOffset.UTC);

    /**
     * Generates the audit history, sync by sync (so row ids grow with time, as hourly syncs write them): its activity
     * rows to {@code activity}, or its point transactions to {@code ledger} (one of them null); returns the
     * transactions.
     */
    private static long auditHistory(int members, int readings, Instant end, Writer activity, Writer ledger)
            throws IOException {
        long[] observed = new long[members + 1];
        int[] leftover = new int[members + 1];
        long transactions = 0;
        String since = TIMESTAMP.format(end.minusSeconds(3_600L * readings));
        StringBuilder line = new StringBuilder(200);
        for (int k = 1; k <= readings; k++) {
            String syncId = "audit-history-" + k;
            String at = TIMESTAMP.format(end.minusSeconds(3_600L * (readings - k + 1)));
            for (int m = 1; m <= members; m++) {
                long h = mix(m * 1_000_003L + k);
                String discordId = String.valueOf(BenchBoard.MEMBER_BASE_ID + m - 1);
                line.setLength(0);
                if (k == 1) {
                    observed[m] = 10_000 + Math.floorMod(h, 1_000_000);
                    leftover[m] = 0;
                    line.append(m).append('\t').append(discordId).append('\t').append(BenchBoard.GUILD_ID)
                            .append("\t0\t").append(observed[m]).append("\t\\N\t0\tt\t").append(observed[m]);
                } else if (Math.floorMod(h, 100) < 3) {
                    // absent: no reading; the leftover and the last observed XP stay
                    line.append(m).append('\t').append(discordId).append('\t').append(BenchBoard.GUILD_ID)
                            .append("\t0\t0\t\\N\t").append(leftover[m]).append("\tf\t").append(observed[m]);
                } else {
                    long roll = Math.floorMod(h >> 8, 1_000);
                    long delta = Math.floorMod(h, 100) < 10 ? -(roll % 400) : roll % 500;
                    long effective = delta + leftover[m];
                    long units = effective / 100;
                    int left = (int) (effective - units * 100);
                    observed[m] += delta;
                    leftover[m] = left;
                    line.append(m).append('\t').append(discordId).append('\t').append(BenchBoard.GUILD_ID)
                            .append("\t0\t").append(observed[m]).append('\t').append(delta).append('\t').append(left)
                            .append("\tt\t").append(observed[m]);
                    if (units != 0) {
                        transactions++;
                        if (ledger != null) {
                            ledger.append(String.valueOf(m)).append("\tdiscord_activity\t")
                                    .append(String.valueOf(units)).append('\t').append(syncId)
                                    .append("\t{\"xpDelta\": ").append(String.valueOf(delta))
                                    .append(", \"effectiveXp\": ").append(String.valueOf(effective))
                                    .append(", \"units\": ").append(String.valueOf(units)).append(", \"leftoverXp\": ")
                                    .append(String.valueOf(left)).append("}\t").append(at).append('\n');
                        }
                    }
                }
                if (activity != null) {
                    line.append('\t').append(since).append('\t').append(syncId).append('\t').append(at).append('\n');
                    activity.append(line);
                }
            }
        }
        return transactions;
    }

    /** SplitMix64's finaliser: a well-spread deterministic hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * Point transactions for the streak job (issue 15): {@code rows} of them over {@code days} days from {@code first}
     * (UTC), in time order (as the append-only ledger stores them), about the same number each hour, each hour's
     * spread over distinct members (ids 1..members) by a stride; one in twenty a deduction (-1), the others awards of
     * 1 to 3 points. Bulk-loaded with the triggers off, balances set to the sums after.
     */
    void insertStreakTransactions(int members, long rows, LocalDate first, int days) throws SQLException {
        long hours = 24L * days;
        long perHour = (rows + hours - 1) / hours;
        if (perHour > members) {
            throw new IllegalArgumentException(perHour + " transactions an hour for " + members + " members");
        }
        direct.setAutoCommit(false);
        try {
            execute("SET LOCAL session_replication_role = replica");
            execute("INSERT INTO point_transaction (member_id, action, points, sync_id, metadata, created_at) "
                    + "SELECT (g / " + perHour + " * 37 + g % " + perHour + " * 67) % " + members + " + 1, "
                    + "'discord_activity', CASE WHEN g % 20 = 0 THEN -1 ELSE 1 + g % 3 END, "
                    + "'streak-history-' || g / " + perHour + ", '{\"units\": 1}'::jsonb, "
                    + "timestamptz '" + first + " 00:00:00+00' + make_interval(hours => (g / " + perHour + ")::int) "
                    + "+ make_interval(secs => (g % " + perHour + ") * 3600.0 / " + perHour + ") "
                    + "FROM generate_series(0, " + (rows - 1) + ") g ORDER BY g");
            execute("UPDATE member m SET total_points = t.points FROM (SELECT member_id, sum(points) AS points "
                    + "FROM point_transaction GROUP BY member_id) t WHERE t.member_id = m.id");
            direct.commit();
        } catch (SQLException | RuntimeException e) {
            direct.rollback();
            throw e;
        } finally {
            direct.setAutoCommit(true);
        }
    }

    /** Members with a positive transaction created on {@code day} (UTC): those a streak run extends for that day. */
    long activeMembers(LocalDate day) throws SQLException {
        return queryLong("SELECT count(DISTINCT member_id) FROM point_transaction WHERE points > 0 AND created_at >= '"
                + day + " 00:00:00+00' AND created_at < '" + day.plusDays(1) + " 00:00:00+00'");
    }

    /** {@code EXPLAIN (ANALYZE, BUFFERS)} of {@code sql} (no parameters) with {@code work_mem}, for diagnostics. */
    String explain(String sql, String workMem) throws SQLException {
        StringBuilder plan = new StringBuilder();
        direct.setAutoCommit(false);
        try {
            execute("SET LOCAL work_mem = '" + workMem + "'");
            try (Statement statement = direct.createStatement();
                    ResultSet rows = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
        } finally {
            direct.rollback();
            direct.setAutoCommit(true);
        }
        return plan.toString();
    }

    /** Top-level statements since the reset: calls and server time of each, slowest first. */
    java.util.List<java.util.Map<String, Object>> statementTimes() throws SQLException {
        java.util.List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
        try (Statement statement = direct.createStatement();
                ResultSet row = statement.executeQuery("SELECT calls, total_exec_time, rows, shared_blks_hit, "
                        + "shared_blks_read, temp_blks_written, regexp_replace(query, '\\s+', ' ', 'g') "
                        + "FROM pg_stat_statements WHERE toplevel AND query NOT ILIKE '%pg_stat_statements%' "
                        + "ORDER BY total_exec_time DESC")) {
            while (row.next()) {
                java.util.Map<String, Object> entry = new java.util.LinkedHashMap<>();
                entry.put("calls", row.getLong(1));
                entry.put("ms", Math.round(row.getDouble(2) * 10) / 10.0);
                entry.put("rows", row.getLong(3));
                entry.put("blocksHit", row.getLong(4));
                entry.put("blocksRead", row.getLong(5));
                entry.put("tempBlocksWritten", row.getLong(6));
                entry.put("sql", PgWireProxy.label(row.getString(7)));
                rows.add(entry);
            }
        }
        return rows;
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

    /**
     * Calls of top-level statements since the reset, the benchmark's own pg_stat_statements queries left out (also
     * with {@code -Dbench.show-statements}, which tracks nested statements too).
     */
    long statementCalls() throws SQLException {
        return queryLong("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements "
                + "WHERE toplevel AND query NOT ILIKE '%pg_stat_statements%'");
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
                        + "WHERE toplevel AND query NOT ILIKE '%pg_stat_statements%'")) {
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

    void execute(String sql) throws SQLException {
        try (Statement statement = direct.createStatement()) {
            statement.execute(sql);
        }
    }

    long queryLong(String sql) throws SQLException {
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
