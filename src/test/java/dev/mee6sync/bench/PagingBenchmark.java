package dev.mee6sync.bench;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.job.RunRequest;
import dev.mee6sync.job.JobRunner;
import dev.mee6sync.job.RunStatus;
import dev.mee6sync.mee6.Mee6Config;
import dev.mee6sync.sync.SyncStats;
import dev.mee6sync.sync.XpSyncJob;
import dev.mee6sync.testing.Jobs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue 12: how many leaderboard pages the hourly sync reads, end to end through the job runner, the sync job and the
 * real MEE6 adapter against the {@link PagingBoard} served over HTTP by the sidecar (no page delay): a board of
 * 100,000 players with 1,000 linked members among its top 20,000 and 10 linked members never on it. One day of
 * hourly runs, each at its schedule tick: hour 0 (the first sync: a full read), hours 1 to 23 (reads that stop at the
 * members' XP floor), hour 24 ({@code MEE6_FULL_READ_EVERY} after the last full read: a full read again).
 * From the counted pages and the measured time per page it derives the requests per day and the wall time of a run at
 * the production page delay, and the largest board a full read covers within Lambda's 15 minutes.
 * <p>
 * A benchmark, not a test: it fails only when a run does not do its job (not completed, a member's reading missing or
 * wrong, the pages served differ from those the run counted), never because it reads more pages than it should.
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@Order(2)
class PagingBenchmark {

    /** A schedule tick on the hour, as EventBridge sends them. */
    static final Instant START = Instant.parse("2026-11-30T00:00:00Z");
    /** The hours of the day measured: 0 (first sync) to 24 (a full read again). */
    static final int LAST_HOUR = 24;
    /** The production default of MEE6_PAGE_DELAY, for the derived wall times. */
    static final Duration PRODUCTION_PAGE_DELAY = Duration.ofSeconds(1);
    /** Lambda's longest timeout. */
    static final Duration LAMBDA_TIMEOUT = Duration.ofMinutes(15);
    /** Per-request latencies the largest full read is also computed for (MEE6's own is not known here). */
    static final double[] ASSUMED_REQUEST_SECONDS = { 0.3, 0.5 };
    /** The sync keeps this much of the read's deadline per member for the writes (XpSyncJob). */
    static final Duration WRITE_TIME_PER_MEMBER = Duration.ofMillis(1);

    @Inject
    Jobs jobs;

    @Inject
    Mee6Config config;

    @Inject
    SyncConfig syncConfig;

    /** One run of the day. */
    record Run(int hour, String runId, boolean fullRead, int pages, int pagesServed, int minimumPages,
            int lowestMemberRank, int fullReadPages, long fetchMs, double totalMs, long databaseMs, int membersInMee6,
            int membersNotInMee6, int membersNotReached, long pointsAwarded) {
    }

    @Test
    void paging() throws Exception {
        Sidecar sidecar = Sidecar.attachToBench();
        int pageSize = config.pageSize();
        try (BenchDatabase db = BenchDatabase.openBench()) {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("date", JvmProbe.now());
            part.put("loadAverageAtStart", JvmProbe.loadAverage());
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("players", PagingBoard.PLAYERS);
            settings.put("linkedMembersOnBoard", PagingBoard.MEMBERS);
            settings.put("amongTop", PagingBoard.TOP);
            settings.put("linkedMembersNeverOnBoard", PagingBoard.ABSENT);
            settings.put("pageSize", pageSize);
            settings.put("pageDelay", config.pageDelay().toMillis());
            settings.put("fullReadEvery", syncConfig.fullReadEvery().toMinutes() % 60 == 0
                    ? syncConfig.fullReadEvery().toHours() + "h" : syncConfig.fullReadEvery().toString());
            settings.put("maxPages", config.maxPages());
            part.put("settings", settings);

            // untimed: the first sync and an hourly one, so the measured runs run compiled code
            db.reset();
            db.insertMembers(PagingBoard.linkedMembers());
            run(sidecar, 0, "paging-warmup-0", pageSize);
            run(sidecar, 1, "paging-warmup-1", pageSize);

            db.reset();
            db.insertMembers(PagingBoard.linkedMembers());
            List<Run> runs = new ArrayList<>();
            for (int hour = 0; hour <= LAST_HOUR; hour++) {
                // what autovacuum does in the hour between two runs: without it the planner keeps the statistics of
                // the empty table and probes each member's latest row by a scan that grows with every run
                db.vacuumAnalyze();
                Run run = run(sidecar, hour, "paging-" + hour, pageSize);
                check(db, run, sidecar);
                runs.add(run);
            }
            part.put("runs", runs);
            part.put("summary", summary(runs, pageSize));
            part.put("loadAverageAtEnd", JvmProbe.loadAverage());
            BenchReport.writePart("paging", part);
            System.out.println(BenchReport.render());
        }
    }

    private long expectedXpSum;

    private Run run(Sidecar sidecar, int hour, String syncId, int pageSize) {
        Sidecar.PagingFacts facts = sidecar.paging(hour, pageSize);
        expectedXpSum = facts.memberXpSum();
        RunRequest request = new RunRequest(XpSyncJob.NAME, syncId, "benchmark", START.plus(Duration.ofHours(hour)),
                Map.of());
        long started = System.nanoTime();
        SyncStats stats = jobs.sync(request);
        double totalMs = (System.nanoTime() - started) / 1e6;
        if (stats.status() != RunStatus.COMPLETED) {
            throw new AssertionError("Sync " + syncId + " did not complete: " + stats.status() + " " + stats.message());
        }
        Run run = new Run(hour, syncId, stats.mee6FullRead(), stats.mee6Pages(), sidecar.pageRequests(),
                facts.minimumPages(), facts.lowestMemberRank(), facts.fullReadPages(), stats.mee6FetchMs(),
                Math.round(totalMs * 10) / 10.0, stats.databaseMs(), stats.membersInMee6(), stats.membersNotInMee6(),
                stats.membersNotReached(), stats.pointsAwarded());
        System.out.printf("bench: paging hour %d (%s): %d pages%s (minimum %d, lowest member at rank %,d), fetch %d ms, "
                + "sync %.0f ms, %d members found, %d not on the board%n", hour, syncId, run.pages(),
                run.fullRead() ? " (full read)" : "", run.minimumPages(), run.lowestMemberRank(), run.fetchMs(),
                totalMs, run.membersInMee6(), run.membersNotInMee6());
        return run;
    }

    /** Every run found every member on the board with its XP of that hour; the counted pages are the served ones. */
    private void check(BenchDatabase db, Run run, Sidecar sidecar) throws SQLException {
        if (run.membersInMee6() != PagingBoard.MEMBERS || run.membersNotInMee6() != PagingBoard.ABSENT) {
            throw new AssertionError(run.runId() + " found " + run.membersInMee6() + " members on the board and "
                    + run.membersNotInMee6() + " not, instead of " + PagingBoard.MEMBERS + " and "
                    + PagingBoard.ABSENT);
        }
        if (run.pages() != run.pagesServed()) {
            throw new AssertionError(run.runId() + " counted " + run.pages() + " pages, the board served "
                    + run.pagesServed());
        }
        boolean fullExpected = run.hour() == 0 || run.hour() == LAST_HOUR;
        if (run.fullRead() != fullExpected) {
            throw new AssertionError(run.runId() + (run.fullRead() ? " read the whole board" : " was not a full read"));
        }
        if (run.fullRead() && run.pages() != run.fullReadPages()) {
            throw new AssertionError(run.runId() + ": a full read of " + run.pages() + " pages instead of "
                    + run.fullReadPages());
        }
        long sum = db.queryLong("SELECT coalesce(sum(xp_total), 0) FROM discord_activity WHERE sync_id = '"
                + run.runId() + "'");
        long rows = db.activityRowsOf(run.runId());
        if (rows != PagingBoard.linkedMembers() || sum != expectedXpSum) {
            throw new AssertionError(run.runId() + ": " + rows + " activity rows adding up to " + sum + " XP, "
                    + "expected " + PagingBoard.linkedMembers() + " rows and " + expectedXpSum + " XP");
        }
        if (db.balanceMismatches() != 0) {
            throw new AssertionError(run.runId() + ": balances differ from the ledger");
        }
    }

    /** What the counted pages and the measured time per page mean for a day of hourly runs and for the timeout. */
    private Map<String, Object> summary(List<Run> runs, int pageSize) {
        Run first = runs.get(0);
        Run hourly = runs.get(1);
        Run lastFull = runs.get(LAST_HOUR);
        List<Run> floorReads = runs.stream().filter(r -> !r.fullRead()).toList();
        int fullPages = first.fullReadPages();
        int hourlyMax = floorReads.stream().mapToInt(Run::pages).max().orElse(0);
        int hourlyMin = floorReads.stream().mapToInt(Run::pages).min().orElse(0);
        boolean met = floorReads.stream().allMatch(r -> r.pages() <= r.minimumPages() + 1);
        int worstOver = floorReads.stream().mapToInt(r -> r.pages() - r.minimumPages()).max().orElse(0);
        double perPageMs = (first.fetchMs() + lastFull.fetchMs()) / (double) (first.pages() + lastFull.pages());
        double hourlyPerPageMs = floorReads.stream().mapToLong(Run::fetchMs).sum()
                / (double) floorReads.stream().mapToInt(Run::pages).sum();
        long delayMs = PRODUCTION_PAGE_DELAY.toMillis();

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("firstSyncPages", first.pages());
        summary.put("hourlyPages", hourly.pages());
        summary.put("hourlyMinimumPages", hourly.minimumPages());
        summary.put("hourlyPagesRange", List.of(hourlyMin, hourlyMax));
        summary.put("fullReadAgainAfterHours", LAST_HOUR);
        summary.put("fullReadAgainPages", lastFull.pages());
        summary.put("fullReadPages", fullPages);
        summary.put("targetMet", met);
        summary.put("worstPagesOverMinimum", worstOver);
        summary.put("fetchMsPerPageFullRead", round2(perPageMs));
        summary.put("fetchMsPerPageHourly", round2(hourlyPerPageMs));
        // before issue 12: with members never on the board, every hourly read went to the end of the board
        summary.put("requestsPerDayBefore", 24 * fullPages);
        summary.put("requestsPerDayAfter", 23 * hourly.pages() + fullPages);
        // what the day above really did: the runs of hours 1 to 24 (23 floor reads, then the full read), per 24 h
        int cycle = runs.subList(1, LAST_HOUR + 1).stream().mapToInt(Run::pages).sum();
        summary.put("pagesOfOneCycle", cycle);
        summary.put("requestsPerDayMeasuredCycle", round2(cycle * 24.0 / LAST_HOUR));
        summary.put("hourlyWallMsAtProductionDelay", Math.round((hourly.pages() - 1) * delayMs
                + hourly.pages() * perPageMs));
        summary.put("fullReadWallMsAtProductionDelay", Math.round((fullPages - 1) * delayMs + fullPages * perPageMs));

        // the largest board a full read can cover within the timeout, the outcome margin and the writes kept back
        double available = (LAMBDA_TIMEOUT.minus(JobRunner.OUTCOME_MARGIN).toMillis()
                - WRITE_TIME_PER_MEMBER.toMillis() * (double) PagingBoard.linkedMembers()) / 1000;
        summary.put("fullReadSecondsAvailable", round2(available));
        List<Map<String, Object>> largest = new ArrayList<>();
        List<Double> latencies = new ArrayList<>();
        latencies.add(perPageMs / 1000);
        for (double assumed : ASSUMED_REQUEST_SECONDS) {
            latencies.add(assumed);
        }
        for (double request : latencies) {
            double delay = delayMs / 1000.0;
            // page 0 has no delay before it: request + (pages - 1) x (delay + request) <= available
            long pages = (long) Math.floor(1 + (available - request) / (delay + request));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("requestSeconds", round4(request));
            row.put("measured", request == latencies.get(0));
            row.put("pages", pages);
            // the last page of a full read is the empty or short one: the board holds fewer than pages x size
            row.put("largestBoardPlayers", (pages - 1) * pageSize + pageSize - 1);
            row.put("withinMaxPages", pages <= config.maxPages());
            largest.add(row);
        }
        summary.put("largestFullRead", largest);
        summary.put("maxPagesBoardPlayers", (config.maxPages() - 1L) * pageSize + pageSize - 1);
        return summary;
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double round4(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
