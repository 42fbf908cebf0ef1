package dev.mee6sync.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.mee6sync.audit.AuditStats;
import dev.mee6sync.testing.Jobs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue 11: the ledger audit through the job runner, on a ledger of {@code -Dbench.audit.members} members (default
 * 100,000) with {@code -Dbench.audit.rows} activity rows (default 1,000,000: ten hourly syncs each) and their point
 * transactions ({@link BenchDatabase#insertAuditHistory}, a history that keeps the ledger's rules, so the audit must
 * say OK), and on one of a hundredth of that size, to show that the statements it sends do not grow with the members.
 * Each size is audited twice (the second finds PostgreSQL's and the OS's caches warm). Reports the time, the statements
 * and round trips on the wire, and the server time of each statement.
 * <p>
 * A benchmark, not a test: it fails only when the audit does not do its job (not OK on a sound ledger, members
 * missed).
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@Order(3)
class AuditBenchmark {

    static final Instant END = Instant.parse("2026-11-30T00:00:00Z");

    @Inject
    Jobs jobs;

    record Audit(String syncId, String status, long membersChecked, long problems, double totalMs, long durationMs,
            long statements, long roundTrips, long exchanges, double loadAverage, Map<String, Object> wire,
            List<Map<String, Object>> serverTimes) {
    }

    record Size(int members, long activityRows, long transactions, double loadSeconds, List<Audit> audits) {
    }

    @Test
    void audit() throws Exception {
        int members = Integer.parseInt(System.getProperty("bench.audit.members", "100000").trim());
        long rows = Long.parseLong(System.getProperty("bench.audit.rows", "1000000").trim());
        int readings = (int) Math.max(2, rows / members);
        Sidecar sidecar = Sidecar.attachToBench();
        try (BenchDatabase db = BenchDatabase.openBench()) {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("date", JvmProbe.now());
            part.put("loadAverageAtStart", JvmProbe.loadAverage());
            part.put("readingsPerMember", readings);
            List<Size> sizes = new ArrayList<>();
            for (int size : List.of(Math.max(10, members / 100), members)) {
                sizes.add(runSize(db, sidecar, size, readings));
            }
            part.put("sizes", sizes);
            part.put("loadAverageAtEnd", JvmProbe.loadAverage());
            BenchReport.writePart("audit", part);
            System.out.println(BenchReport.render());
        }
    }

    private Size runSize(BenchDatabase db, Sidecar sidecar, int members, int readings) throws Exception {
        db.reset();
        db.insertMembers(members);
        long started = System.nanoTime();
        long transactions = db.insertAuditHistory(members, readings, END);
        db.vacuumAnalyze();
        double loadSeconds = (System.nanoTime() - started) / 1e9;
        long activityRows = db.queryLong("SELECT count(*) FROM discord_activity");
        System.out.printf("bench: audit history of %,d members: %,d activity rows, %,d point transactions, loaded in "
                + "%.1f s%n", members, activityRows, transactions, loadSeconds);
        List<Audit> audits = new ArrayList<>();
        for (String run : List.of("first", "repeat")) {
            audits.add(measure(db, sidecar, "bench-audit-" + members + "-" + run, members));
        }
        if (Boolean.getBoolean("bench.audit.explain")) {
            explain(db);
        }
        return new Size(members, activityRows, transactions, Math.round(loadSeconds * 10) / 10.0, audits);
    }

    /**
     * Diagnostics ({@code -Dbench.audit.explain=true}): the plan of the audit's heaviest statement (LedgerChecks'
     * conservation check, read from its constant) with PostgreSQL's work_mem as configured, and with more.
     */
    private static void explain(BenchDatabase db) throws Exception {
        java.lang.reflect.Field field = dev.mee6sync.audit.LedgerChecks.class.getDeclaredField("CONSERVATION");
        field.setAccessible(true);
        String sql = (String) field.get(null);
        for (String workMem : List.of("4MB", "64MB", "256MB")) {
            System.out.println("bench: EXPLAIN of the conservation check with work_mem " + workMem + ":");
            System.out.println(db.explain(sql, workMem));
        }
    }

    private Audit measure(BenchDatabase db, Sidecar sidecar, String syncId, int members) throws Exception {
        System.gc();
        db.resetStatementStats();
        Sidecar.DbCounts before = sidecar.dbCounts();
        sidecar.resetProfile();
        double load = JvmProbe.loadAverage();
        long started = System.nanoTime();
        AuditStats stats = jobs.audit(syncId);
        double totalMs = (System.nanoTime() - started) / 1e6;
        Sidecar.DbCounts wire = sidecar.dbCounts().minus(before);
        Sidecar.Profile profile = sidecar.profile();
        List<Map<String, Object>> serverTimes = db.statementTimes();
        if (!AuditStats.OK.equals(stats.status()) || stats.membersChecked() != members) {
            throw new AssertionError("Audit " + syncId + " answered " + stats.status() + " for "
                    + stats.membersChecked() + " members: " + stats.byInvariant() + " " + stats.examples() + " "
                    + stats.message());
        }
        System.out.printf("bench: %s: %s in %.0f ms (%d ms inside the job), %d members checked, %d statements, "
                + "%d round trips, %d exchanges%n", syncId, stats.status(), totalMs, stats.durationMs(),
                stats.membersChecked(), wire.statements(), wire.roundTrips(), wire.exchanges());
        if (Boolean.getBoolean("bench.show-statements")) {
            serverTimes.forEach(row -> System.out.printf("%6s calls %9s ms %s%n", row.get("calls"), row.get("ms"),
                    row.get("sql")));
        }
        return new Audit(syncId, stats.status(), stats.membersChecked(), stats.problems(),
                Math.round(totalMs * 10) / 10.0, stats.durationMs(), wire.statements(), wire.roundTrips(),
                wire.exchanges(), load, profile.toJson(), serverTimes);
    }
}
