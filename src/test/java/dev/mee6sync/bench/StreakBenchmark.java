package dev.mee6sync.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.mee6sync.job.RunRequest;
import dev.mee6sync.job.RunStatus;
import dev.mee6sync.streak.StreakJob;
import dev.mee6sync.streak.StreakStats;
import dev.mee6sync.testing.Jobs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue 15: the weekday-streak job through the job runner, over {@code -Dbench.streaks.members} members (default
 * 100,000) and {@code -Dbench.streaks.transactions} point transactions (default 1,000,000) spread evenly over four
 * weeks ({@link BenchDatabase#insertStreakTransactions}). The weeks start on Monday {@link #FIRST_DAY}; the Friday of
 * the second week counts as evaluated already. Then a run on the Saturday after the third week catches up its five
 * weekdays, and a run on the Tuesday after evaluates one (the Monday; the weekend is never evaluated). Reports the time
 * of each run, its statements and round trips on the wire, and the server time of each statement.
 * <p>
 * A benchmark, not a test: it fails only when a run does not do its job (not completed, other days evaluated, the
 * streaks extended not those of the members active on each day).
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@Order(4)
class StreakBenchmark {

    /** A Monday: the transactions cover it and the 27 days after. */
    static final LocalDate FIRST_DAY = LocalDate.parse("2026-11-02");
    static final int DAYS = 28;
    /** Evaluated already when the benchmark starts: the Friday of the second week. */
    static final LocalDate EVALUATED = FIRST_DAY.plusDays(11);
    /** Saturday after the third week: its Monday to Friday are due. */
    static final Instant CATCH_UP_RUN = Instant.parse("2026-11-21T02:00:00Z");
    /** Tuesday of the fourth week: only its Monday is due. */
    static final Instant ONE_DAY_RUN = Instant.parse("2026-11-24T02:00:00Z");

    @Inject
    Jobs jobs;

    record StreakRun(String syncId, String name, List<String> days, long membersProcessed, long streaksExtended,
            long streaksReset, double totalMs, long durationMs, long statements, long roundTrips, long exchanges,
            double loadAverage, Map<String, Object> wire, List<Map<String, Object>> serverTimes) {
    }

    @Test
    void streaks() throws Exception {
        int members = Integer.parseInt(System.getProperty("bench.streaks.members", "100000").trim());
        long transactions = Long.parseLong(System.getProperty("bench.streaks.transactions", "1000000").trim());
        Sidecar sidecar = Sidecar.attachToBench();
        try (BenchDatabase db = BenchDatabase.openBench()) {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("date", JvmProbe.now());
            part.put("loadAverageAtStart", JvmProbe.loadAverage());
            db.reset();
            db.insertMembers(members);
            long started = System.nanoTime();
            db.insertStreakTransactions(members, transactions, FIRST_DAY, DAYS);
            db.execute("INSERT INTO streak_day (day, sync_id) VALUES ('" + EVALUATED + "', 'bench-setup')");
            // the sync is up to date: every day of the four weeks is covered (none waits for it)
            db.execute("INSERT INTO sync_run (sync_id, job, trigger, status, run_time, completed_at) VALUES "
                    + "('bench-sync', 'mee6', 'benchmark', 'COMPLETED', '" + FIRST_DAY.plusDays(DAYS)
                    + " 00:00:00+00', now())");
            db.vacuumAnalyze();
            double loadSeconds = (System.nanoTime() - started) / 1e9;
            long written = db.queryLong("SELECT count(*) FROM point_transaction");
            System.out.printf("bench: streaks: %,d point transactions over %d days for %,d members, loaded in %.1f s%n",
                    written, DAYS, members, loadSeconds);
            part.put("members", members);
            part.put("transactions", written);
            part.put("from", FIRST_DAY.toString());
            part.put("to", FIRST_DAY.plusDays(DAYS - 1).toString());
            part.put("evaluatedBefore", EVALUATED.toString());
            part.put("loadSeconds", Math.round(loadSeconds * 10) / 10.0);

            // untimed: the job's first run (its sync_state row) finds nothing due, and warms the code up
            StreakStats idle = jobs.streaks(new RunRequest(StreakJob.NAME, "bench-streaks-warmup", "benchmark",
                    EVALUATED.plusDays(1).atTime(2, 0).toInstant(java.time.ZoneOffset.UTC), Map.of()));
            if (idle.status() != RunStatus.COMPLETED || !idle.daysEvaluated().isEmpty()) {
                throw new AssertionError("Streak warm-up run: " + idle.summary());
            }
            List<StreakRun> runs = new ArrayList<>();
            runs.add(measure(db, sidecar, "bench-streaks-catch-up", "catch-up", CATCH_UP_RUN, 5, members));
            runs.add(measure(db, sidecar, "bench-streaks-one-day", "one weekday", ONE_DAY_RUN, 1, members));
            part.put("runs", runs);
            StreakRun catchUp = runs.get(0);
            StreakRun oneDay = runs.get(1);
            int extraDays = catchUp.days().size() - oneDay.days().size();
            Map<String, Object> perDay = new LinkedHashMap<>();
            perDay.put("statements", (catchUp.statements() - oneDay.statements()) / (double) extraDays);
            perDay.put("roundTrips", (catchUp.roundTrips() - oneDay.roundTrips()) / (double) extraDays);
            perDay.put("exchanges", (catchUp.exchanges() - oneDay.exchanges()) / (double) extraDays);
            perDay.put("evaluateStatementsPerDay", evaluateCalls(catchUp) / (double) catchUp.days().size());
            part.put("perEvaluatedDay", perDay);
            part.put("loadAverageAtEnd", JvmProbe.loadAverage());
            BenchReport.writePart("streaks", part);
            System.out.println(BenchReport.render());
        }
    }

    /** Calls of the job's one statement per weekday (StreakStore's EVALUATE_DAY), from pg_stat_statements. */
    private static long evaluateCalls(StreakRun run) {
        return run.serverTimes().stream().filter(row -> String.valueOf(row.get("sql")).startsWith("WITH claimed AS"))
                .mapToLong(row -> ((Number) row.get("calls")).longValue()).sum();
    }

    private StreakRun measure(BenchDatabase db, Sidecar sidecar, String syncId, String name, Instant at, int days,
            int members) throws Exception {
        System.gc();
        db.resetStatementStats();
        Sidecar.DbCounts before = sidecar.dbCounts();
        sidecar.resetProfile();
        double load = JvmProbe.loadAverage();
        long started = System.nanoTime();
        StreakStats stats = jobs.streaks(new RunRequest(StreakJob.NAME, syncId, "benchmark", at, Map.of()));
        double totalMs = (System.nanoTime() - started) / 1e6;
        Sidecar.DbCounts wire = sidecar.dbCounts().minus(before);
        Sidecar.Profile profile = sidecar.profile();
        List<Map<String, Object>> serverTimes = db.statementTimes();
        if (stats.status() != RunStatus.COMPLETED || stats.daysEvaluated().size() != days
                || stats.membersProcessed() != members) {
            throw new AssertionError("Streak run " + syncId + ": " + stats.summary());
        }
        long active = 0;
        for (LocalDate day : stats.daysEvaluated()) {
            active += db.activeMembers(day);
        }
        if (stats.streaksIncremented() != active) {
            throw new AssertionError("Streak run " + syncId + " extended " + stats.streaksIncremented()
                    + " streaks; " + active + " member-days were active");
        }
        System.out.printf("bench: %s: %s in %.0f ms (%d ms inside the job), %d statements, %d round trips, %d "
                + "exchanges%n", syncId, stats.daysEvaluated(), totalMs, stats.durationMs(), wire.statements(),
                wire.roundTrips(), wire.exchanges());
        if (Boolean.getBoolean("bench.show-statements")) {
            serverTimes.forEach(row -> System.out.printf("%6s calls %9s ms %s%n", row.get("calls"), row.get("ms"),
                    row.get("sql")));
        }
        return new StreakRun(syncId, name, stats.daysEvaluated().stream().map(LocalDate::toString).toList(),
                stats.membersProcessed(), stats.streaksIncremented(),
                stats.streaksReset(), Math.round(totalMs * 10) / 10.0, stats.durationMs(), wire.statements(),
                wire.roundTrips(), wire.exchanges(), load, profile.toJson(), serverTimes);
    }
}
