package dev.mee6sync.bench;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.job.RunRequest;
import dev.mee6sync.job.RunStatus;
import dev.mee6sync.mee6.Mee6Config;
import dev.mee6sync.sync.SyncStats;
import dev.mee6sync.sync.XpSyncJob;
import dev.mee6sync.testing.Jobs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue #7: end-to-end syncs through the real job runner and sync job, for each size N of {@code -Dbench.sizes}
 * (default 1,000, 10,000 and 100,000): N linked members on a leaderboard of 2N players ({@link BenchBoard}, served by
 * the sidecar with no page delay), against the embedded PostgreSQL through a counting proxy. Per size: a first sync
 * (baselines; a full read, asked for), a second where every member's XP changed (awards and deductions), the COPY
 * floor for the same rows,
 * and the second sync again after {@code -Dbench.history-rows} (default 1,000,000) older activity rows exist.
 * <p>
 * A benchmark, not a test: it fails only when a sync does not do its job (not completed, wrong rows), never because
 * it is slow. Run by {@code ./mvnw -Pbench verify} only; results go to {@code bench/out/} ({@link BenchReport}).
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@Order(1)
class SyncBenchmark {

    @Inject
    Jobs sync;

    @Inject
    Mee6Config config;

    @Inject
    SyncConfig syncConfig;

    /**
     * One sync, measured. Times in milliseconds, memory in MB: {@code peakHeapMb} is the most heap in use at once
     * (garbage included), {@code maxHeapAfterGcMb} the most still in use after a collection during the sync (-1: no
     * collection happened). Blocks: PostgreSQL shared-buffer blocks the sync's statements hit, read from outside
     * PostgreSQL's cache, dirtied and wrote (pg_stat_statements).
     */
    record Measurement(String syncId, double loadAverage, double totalMs, long databaseMs, long fetchMs,
            double membersPerSecond, double microsPerMember, long statements, long pgStatStatementsCalls,
            long roundTrips, long exchanges, boolean fullRead, int pagesRequested, int pagesServed, int pagesNeeded,
            long activityRows, long transactions, long pointsAwarded, long pointsDeducted, double peakHeapMb,
            double maxHeapAfterGcMb, double peakRssMb, long gcCount, long gcMs, long blocksHit, long blocksRead,
            long blocksDirtied, long blocksWritten, Map<String, Object> wire) {
    }

    /** COPY of the rows a sync writes, into tables of the same shape. */
    record Floor(long activityRows, long transactions, double ms) {
    }

    record SizeResult(int members, int players, Measurement first, Measurement second, Floor floorFirst,
            Floor floorSecond, long historyRows, Measurement historyFirst, Measurement historySecond) {
    }

    @Test
    void benchmark() throws Exception {
        List<Integer> sizes = Arrays.stream(System.getProperty("bench.sizes", "1000,10000,100000").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).sorted().toList();
        long historyRows = Long.parseLong(System.getProperty("bench.history-rows", "1000000").trim());
        int warmupSyncs = Integer.parseInt(System.getProperty("bench.warmup-syncs", "5").trim());
        Sidecar sidecar = Sidecar.attachToBench();

        try (BenchDatabase db = BenchDatabase.openBench()) {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("date", JvmProbe.now());
            part.put("loadAverageAtStart", JvmProbe.loadAverage());
            part.put("machine", JvmProbe.machine(db.serverDescription()));
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("sizes", sizes);
            settings.put("pageSize", config.pageSize());
            settings.put("batchSize", syncConfig.batchSize());
            settings.put("pageDelay", config.pageDelay().toMillis());
            settings.put("historyRows", historyRows);
            settings.put("warmupSyncs", warmupSyncs);
            settings.put("countingProxy", viaProxy());
            part.put("settings", settings);

            if (Boolean.getBoolean("bench.show-statements")) {
                db.trackNestedStatements();
            }
            warmUp(db, sidecar, sizes.get(0), warmupSyncs);
            List<SizeResult> results = new ArrayList<>();
            for (int members : sizes) {
                results.add(runSize(db, sidecar, members, historyRows));
            }
            part.put("loadAverageAtEnd", JvmProbe.loadAverage());
            part.put("sizes", results);
            BenchReport.writePart("sync", part);
            System.out.println(BenchReport.render());
        }
    }

    /**
     * Untimed syncs first, so the timed ones run compiled code (a Lambda's first sync is in the start time): pairs of
     * a first sync (a full read, baselines) and a second (a read that stops at the members, awards and deductions),
     * as measured below, on a fresh database each pair.
     */
    private void warmUp(BenchDatabase db, Sidecar sidecar, int members, int syncs) throws SQLException {
        for (int done = 0; done < syncs; done++) {
            int round = done % 2;
            if (round == 0) {
                db.reset();
                db.insertMembers(members);
            }
            sidecar.board(members, round);
            check(sync.sync(request("warmup-" + done, round)), members);
        }
        db.createFloorTables();
        db.copyFloor(members, 0, "warmup-floor-0");
        db.copyFloor(members, 1, "warmup-floor-1");
        System.out.printf("bench: warmed up with %d syncs of %,d members%n", syncs, members);
    }

    private SizeResult runSize(BenchDatabase db, Sidecar sidecar, int members, long historyRows) throws SQLException {
        db.reset();
        db.insertMembers(members);
        db.vacuumAnalyze();
        Measurement first = measure(db, sidecar, members, 0, "bench-" + members + "-first", false);
        db.vacuumAnalyze();
        Measurement second = measure(db, sidecar, members, 1, "bench-" + members + "-second", true);

        db.createFloorTables();
        Floor floorFirst = new Floor(members, 0, db.copyFloor(members, 0, "floor-first"));
        Floor floorSecond = new Floor(members, members, db.copyFloor(members, 1, "floor-second"));
        System.out.printf("bench: %,d members: COPY floor %.0f ms (first), %.0f ms (second)%n", members,
                floorFirst.ms(), floorSecond.ms());

        Measurement historyFirst = null;
        Measurement historySecond = null;
        if (historyRows > 0) {
            db.reset();
            db.insertMembers(members);
            long started = System.nanoTime();
            db.insertHistory(members, historyRows);
            db.vacuumAnalyze();
            System.out.printf("bench: %,d older activity rows inserted in %.1f s%n", historyRows,
                    (System.nanoTime() - started) / 1e9);
            historyFirst = measure(db, sidecar, members, 0, "bench-" + members + "-history-first", false);
            db.vacuumAnalyze();
            historySecond = measure(db, sidecar, members, 1, "bench-" + members + "-history-second", true);
        }
        return new SizeResult(members, BenchBoard.players(members), first, second, floorFirst, floorSecond,
                historyRows, historyFirst, historySecond);
    }

    private Measurement measure(BenchDatabase db, Sidecar sidecar, int members, int round, String syncId,
            boolean everyonePaid) throws SQLException {
        sidecar.board(members, round);
        System.gc();
        db.resetStatementStats();
        Sidecar.DbCounts before = sidecar.dbCounts();
        sidecar.resetProfile();
        double load = JvmProbe.loadAverage();
        long[] gcBefore = JvmProbe.gc();
        JvmProbe.resetPeakRss();

        SyncStats stats;
        double totalMs;
        double peakHeap;
        double liveHeap;
        try (JvmProbe.HeapWatch heap = new JvmProbe.HeapWatch()) {
            long started = System.nanoTime();
            stats = sync.sync(request(syncId, round));
            totalMs = (System.nanoTime() - started) / 1e6;
            peakHeap = heap.peakUsedMb();
            liveHeap = heap.maxAfterCollectionMb();
        }
        double peakRss = JvmProbe.peakRssMb();
        long[] gcAfter = JvmProbe.gc();
        Sidecar.DbCounts wire = sidecar.dbCounts().minus(before);
        Sidecar.Profile profile = viaProxy() ? sidecar.profile() : null;
        long calls = db.statementCalls();
        long[] blocks = db.statementBlocks();
        if (Boolean.getBoolean("bench.show-statements")) {
            System.out.print(db.statementSummary());
        }
        int served = sidecar.pageRequests();

        check(stats, members);
        long activityRows = db.activityRowsOf(syncId);
        long transactions = db.transactionsOf(syncId);
        if (activityRows != members || (everyonePaid && transactions != members)) {
            throw new AssertionError(syncId + ": " + activityRows + " activity rows and " + transactions
                    + " point transactions for " + members + " members");
        }
        if (db.balanceMismatches() != 0) {
            throw new AssertionError(syncId + ": balances differ from the ledger");
        }
        int pagesNeeded = stats.mee6FullRead() ? BenchBoard.pagesToEnd(members, config.pageSize())
                : BenchBoard.pagesNeeded(members, config.pageSize());
        long statements = viaProxy() ? wire.statements() : -1;
        long roundTrips = viaProxy() ? wire.roundTrips() : -1;
        long exchanges = viaProxy() ? wire.exchanges() : -1;
        Measurement measurement = new Measurement(syncId, load, round1(totalMs), stats.databaseMs(),
                stats.mee6FetchMs(), Math.round(members / (totalMs / 1000)), round1(totalMs * 1000 / members),
                statements, calls, roundTrips, exchanges, stats.mee6FullRead(), stats.mee6Pages(), served, pagesNeeded,
                activityRows, transactions, stats.pointsAwarded(), stats.pointsDeducted(), round1(peakHeap),
                round1(liveHeap), round1(peakRss), gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1], blocks[0],
                blocks[1], blocks[2], blocks[3], profile == null ? null : profile.toJson());
        System.out.printf("bench: %s: %.0f ms (database %d ms, MEE6 %d ms), %d statements, %d round trips %s, "
                + "%d pages%s, peak heap %.0f MB (%.0f MB after GC), load %.2f%n", syncId, totalMs, stats.databaseMs(),
                stats.mee6FetchMs(), wire.statements(), wire.roundTrips(), wire, stats.mee6Pages(),
                stats.mee6FullRead() ? " (full read)" : "", peakHeap, liveHeap, load);
        if (profile != null && Boolean.getBoolean("bench.show-statements")) {
            System.out.println("bench: exchanges (waits for the server) of " + syncId + " by the statements they "
                    + "carried:");
            System.out.println("   waits  client ms  round-trip ms  statements");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) profile.toJson().get("roundTrips");
            rows.forEach(row -> System.out.printf("%8d %10.1f %14.1f  %s%n", row.get("count"), row.get("clientMs"),
                    row.get("roundTripMs"), row.get("sql")));
        }
        return measurement;
    }

    /**
     * A first sync (round 0) asks for a full read, as every first sync did before the rolling sweep: it finds every
     * member at once, and the numbers compare with the runs before it.
     */
    private static RunRequest request(String syncId, int round) {
        return new RunRequest(XpSyncJob.NAME, syncId, "test", null,
                round == 0 ? Map.of(XpSyncJob.FULL_READ_OPTION, "true") : Map.of());
    }

    /** The application's connections go through the counting proxy (unless {@code -Dbench.proxy=false}). */
    private static boolean viaProxy() {
        return Boolean.parseBoolean(System.getProperty("bench.proxy", "true").trim());
    }

    private static void check(SyncStats stats, int members) {
        if (stats.status() != RunStatus.COMPLETED) {
            throw new AssertionError("Sync " + stats.runId() + " did not complete: " + stats.status() + " "
                    + stats.message());
        }
        if (stats.membersInMee6() != members || stats.errors() != 0) {
            throw new AssertionError("Sync " + stats.runId() + " found " + stats.membersInMee6() + " of " + members
                    + " members (" + stats.errors() + " errors)");
        }
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
