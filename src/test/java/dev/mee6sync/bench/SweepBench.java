package dev.mee6sync.bench;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mee6sync.job.RunRequest;
import dev.mee6sync.job.RunStatus;
import dev.mee6sync.sync.SyncStats;
import dev.mee6sync.sync.XpSyncJob;
import dev.mee6sync.testing.Jobs;
import dev.mee6sync.xp.Paging;

/**
 * The rolling sweep measured (issue 21), for whichever source the application reads: per board size, hourly runs at
 * their schedule ticks through the job runner, the sync job and the source's adapter against the {@link PagingBoard}
 * the sidecar serves. Two views of 48 runs each: from the members' first sync (no board memory), and the 48 runs
 * after the first complete sweep (the steady state; the runs between are run too, and summed up). Shared by
 * {@link PagingBenchmark} (MEE6) and {@link LurkrPagingBenchmark}.
 * <p>
 * Fails only when a run does not do its job: not completed, a member on a page it read not found or with the wrong
 * XP, the pages counted not those served. What costs more than it should (a run over its page target, a page read
 * twice, a sweep longer than a day) and what the sweep misses (a page not read in a sweep, a member of the top
 * {@value PagingBoard#TOP} not found once known) are findings: reported, and the last ones fail the benchmark after
 * its numbers are written.
 */
final class SweepBench {

    /** A schedule tick on the hour, as EventBridge sends them; in the past, so no run's time is in the future. */
    static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    /** Time per page the wall times are computed at: the page delay and the request together. */
    static final double[] SECONDS_PER_PAGE = { 1, 4 };
    /** Issue 21: every hourly run fits in this at 4 s a page. */
    static final Duration RUN_TARGET = Duration.ofMinutes(10);
    static final double TARGET_SECONDS_PER_PAGE = 4;
    /** Issue 21 states its targets for this board. */
    static final int TARGET_PLAYERS = 2_000_000;
    /** A first sweep that has not completed after this many runs is reported and the size given up. */
    static final int MAX_RUNS = 3_000;
    /** What the findings that say the sweep missed something contain (the report reads them back by these). */
    static final String PAGES_MISSED = " without reading ";
    static final String MEMBERS_MISSED = " found, though";
    static final String NO_SWEEP = "no sweep completed";

    private final Jobs jobs;
    private final Sidecar sidecar;
    private final BenchDatabase db;
    private final Paging paging;
    private final String source;
    private final int runsPerSweep;
    private final int runs;

    SweepBench(Jobs jobs, Sidecar sidecar, BenchDatabase db, Paging paging, String source, Duration fullReadEvery,
            int runs) {
        this.jobs = jobs;
        this.sidecar = sidecar;
        this.db = db;
        this.paging = paging;
        this.source = source;
        // as the sync spreads a sweep: one run an hour (Sweep.runsPer)
        this.runsPerSweep = (int) Math.max(1, fullReadEvery.toHours());
        this.runs = runs;
    }

    /** Sizes from a comma-separated property. */
    static List<Integer> sizes(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).map(Integer::valueOf).sorted().toList();
    }

    /** One run. */
    record Run(int hour, String runId, int pages, int pagesServed, int distinctPages, int minimumPages,
            int pageTarget, int sweepPages, String sweepProgress, boolean sweepCompleted, boolean fullRead,
            int membersFound, int membersNotFound, int membersNotReached, long fetchMs, double totalMs) {

        /** Wall time at {@code seconds} a page: the counted pages, plus what the run measured besides its fetch. */
        double wallSeconds(double seconds) {
            return pages * seconds + Math.max(0, totalMs - fetchMs) / 1000;
        }
    }

    /** The part of the results for this source: every size's runs, views and findings. */
    Map<String, Object> measure(List<Integer> sizes) throws SQLException {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("date", JvmProbe.now());
        part.put("loadAverageAtStart", JvmProbe.loadAverage());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("source", source);
        settings.put("sizes", sizes);
        settings.put("linkedMembersOnBoard", PagingBoard.MEMBERS);
        settings.put("amongTop", PagingBoard.TOP);
        settings.put("linkedMembersNeverOnBoard", PagingBoard.ABSENT);
        settings.put("pageSize", paging.pageSize());
        settings.put("maxPagesPerRun", paging.maxPagesPerRun());
        settings.put("pageDelayMs", paging.pageDelay().toMillis());
        settings.put("runsPerSweep", runsPerSweep);
        settings.put("runs", runs);
        part.put("settings", settings);

        // untimed: two runs on the smallest board, so the measured ones run compiled code
        db.reset();
        db.insertMembers(PagingBoard.linkedMembers());
        for (int hour = 0; hour < 2; hour++) {
            sidecar.paging(sizes.get(0), hour, paging.pageSize());
            jobs.sync(request("sweep-warmup-" + source + "-" + hour, hour));
        }
        List<Map<String, Object>> boards = new ArrayList<>();
        for (int players : sizes) {
            boards.add(board(players));
        }
        part.put("boards", boards);
        part.put("loadAverageAtEnd", JvmProbe.loadAverage());
        return part;
    }

    private RunRequest request(String runId, int hour) {
        return new RunRequest(XpSyncJob.NAME, runId, "benchmark", START.plus(Duration.ofHours(hour)), Map.of());
    }

    /** One board size: runs until both views are complete. */
    private Map<String, Object> board(int players) throws SQLException {
        db.reset();
        db.insertMembers(PagingBoard.linkedMembers());
        int pageSize = paging.pageSize();
        int boardPages = (players + pageSize - 1) / pageSize;
        int pageTargetSlice = (boardPages + runsPerSweep - 1) / runsPerSweep + 2;
        double loadAtStart = JvmProbe.loadAverage();
        long started = System.nanoTime();

        List<Run> all = new ArrayList<>();
        List<Map<String, Object>> sweeps = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        BitSet union = new BitSet();
        int sweepStart = 0;
        Instant lastCompleted = null;
        Integer firstSweepEnd = null;
        boolean everyMemberSeen = false;
        Integer everyMemberFoundAt = null;
        for (int hour = 0;; hour++) {
            // the first view is hours 0 to runs - 1, the second the runs after the first complete sweep
            boolean done = firstSweepEnd == null ? hour >= Math.max(runs, MAX_RUNS)
                    : hour >= runs && hour > firstSweepEnd + runs;
            if (done) {
                break;
            }
            boolean measured = hour < runs || firstSweepEnd != null;
            if (measured || hour % runsPerSweep == 0) {
                db.vacuumAnalyze(); // what autovacuum does between two hourly runs
            }
            Sidecar.PagingFacts facts = sidecar.paging(players, hour, pageSize);
            String runId = "sweep-" + source + "-" + players + "-" + hour;
            long runStarted = System.nanoTime();
            SyncStats stats = jobs.sync(request(runId, hour));
            double totalMs = (System.nanoTime() - runStarted) / 1e6;
            if (stats.status() != RunStatus.COMPLETED) {
                throw new AssertionError(runId + " did not complete: " + stats.status() + " " + stats.message());
            }
            Sidecar.Served served = sidecar.served();
            check(runId, stats, served);
            boolean completed = stats.sweepCompletedAt() != null && !stats.sweepCompletedAt().equals(lastCompleted);
            Run run = new Run(hour, runId, stats.mee6Pages(), served.pageRequests(), served.pages().cardinality(),
                    facts.minimumPages(), facts.minimumPages() + pageTargetSlice, stats.sweepPages(),
                    stats.sweepProgress(), completed, stats.mee6FullRead(), stats.membersInMee6(),
                    stats.membersNotInMee6(), stats.membersNotReached(), stats.mee6FetchMs(),
                    Math.round(totalMs * 10) / 10.0);
            all.add(run);
            if (run.distinctPages() != run.pagesServed()) {
                findings.add(runId + ": " + run.pagesServed() + " page requests for " + run.distinctPages()
                        + " pages (a page read twice in one run)");
            }
            if (everyMemberSeen && run.membersFound() < PagingBoard.MEMBERS) {
                findings.add(runId + ": " + run.membersFound() + " of the " + PagingBoard.MEMBERS + " members of the "
                        + "top " + PagingBoard.TOP + MEMBERS_MISSED + " every one was found before (pages "
                        + ranges(served.pages()) + ")");
            }
            if (!everyMemberSeen && run.membersFound() == PagingBoard.MEMBERS) {
                everyMemberSeen = true;
                everyMemberFoundAt = hour;
            }
            union.or(served.pages());
            if (completed) {
                BitSet missing = new BitSet();
                missing.set(0, facts.fullReadPages());
                missing.andNot(union);
                Map<String, Object> sweep = new LinkedHashMap<>();
                sweep.put("firstHour", sweepStart);
                sweep.put("lastHour", hour);
                sweep.put("runs", hour - sweepStart + 1);
                sweep.put("pages", all.subList(all.size() - (hour - sweepStart + 1), all.size()).stream()
                        .mapToInt(Run::pages).sum());
                sweep.put("boardPages", facts.fullReadPages());
                sweep.put("pagesNotRead", missing.cardinality());
                sweeps.add(sweep);
                if (!missing.isEmpty()) {
                    findings.add("the sweep of hours " + sweepStart + " to " + hour + " completed" + PAGES_MISSED
                            + missing.cardinality() + " of the board's " + facts.fullReadPages() + " pages: "
                            + ranges(missing));
                }
                if (firstSweepEnd != null && hour - sweepStart + 1 > runsPerSweep) {
                    findings.add("the sweep of hours " + sweepStart + " to " + hour + " took " + (hour - sweepStart + 1)
                            + " runs, more than the " + runsPerSweep + " of one MEE6_FULL_READ_EVERY");
                }
                union.clear();
                sweepStart = hour + 1;
                lastCompleted = stats.sweepCompletedAt();
                if (firstSweepEnd == null) {
                    firstSweepEnd = hour;
                }
            }
            if (measured || hour % 50 == 0) {
                System.out.printf("bench: %s %,d players, hour %d: %d pages (floor %d, slice %d, target %d), "
                        + "sweep %s%s, %d members found, %.0f ms%n", source, players, hour, run.pages(),
                        run.minimumPages(), run.sweepPages(), run.pageTarget(), run.sweepProgress(),
                        completed ? " (sweep completed)" : "", run.membersFound(), totalMs);
            }
        }
        if (firstSweepEnd == null) {
            findings.add(NO_SWEEP + " within " + all.size() + " runs");
        }

        Map<String, Object> board = new LinkedHashMap<>();
        board.put("players", players);
        board.put("pageSize", pageSize);
        board.put("boardPages", boardPages);
        board.put("fullReadPages", players / pageSize + 1);
        board.put("pageTargetSlice", pageTargetSlice);
        board.put("loadAverageAtStart", loadAtStart);
        board.put("seconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        board.put("firstSweepCompletedAtRun", firstSweepEnd);
        board.put("everyMemberFoundAtRun", everyMemberFoundAt);
        List<Run> cold = all.subList(0, Math.min(runs, all.size()));
        board.put("fromFirstSync", view(cold, players));
        if (firstSweepEnd != null) {
            List<Run> steady = all.subList(firstSweepEnd + 1, Math.min(all.size(), firstSweepEnd + 1 + runs));
            board.put("steady", view(steady, players));
            if (firstSweepEnd + 1 > runs) {
                List<Run> between = all.subList(runs, firstSweepEnd + 1);
                board.put("between", Map.of("runs", between.size(), "pagesPeak",
                        between.stream().mapToInt(Run::pages).max().orElse(0), "pagesMean",
                        round1(between.stream().mapToInt(Run::pages).average().orElse(0))));
            }
        }
        board.put("sweeps", sweeps);
        board.put("findings", findings);
        board.put("loadAverageAtEnd", JvmProbe.loadAverage());
        // the runs of both views, each once
        int steadyFrom = firstSweepEnd == null ? Integer.MAX_VALUE : firstSweepEnd + 1;
        board.put("runs", all.stream().filter(r -> r.hour() < runs || r.hour() >= steadyFrom).toList());
        findings.forEach(finding -> System.out.println("bench: FINDING (" + source + ", " + players + " players): "
                + finding));
        return board;
    }

    /** A run did its job: it counted the pages served, found exactly the members on them, recorded their XP. */
    private void check(String runId, SyncStats stats, Sidecar.Served served) throws SQLException {
        if (stats.mee6Pages() != served.pageRequests()) {
            throw new AssertionError(runId + " counted " + stats.mee6Pages() + " pages, the board served "
                    + served.pageRequests());
        }
        int linked = PagingBoard.linkedMembers();
        if (stats.membersInMee6() != served.membersOnPages()
                || stats.membersNotInMee6() != linked - served.membersOnPages()) {
            throw new AssertionError(runId + " found " + stats.membersInMee6() + " members and recorded "
                    + stats.membersNotInMee6() + " without a reading; the pages it read (" + ranges(served.pages())
                    + ") hold " + served.membersOnPages() + " of the " + linked);
        }
        long rows = db.activityRowsOf(runId);
        long onBoard = db.queryLong("SELECT count(*) FROM discord_activity WHERE in_leaderboard AND sync_id = '"
                + runId + "'");
        long sum = db.queryLong("SELECT coalesce(sum(xp_total), 0) FROM discord_activity WHERE sync_id = '" + runId
                + "'");
        if (rows != linked || onBoard != served.membersOnPages() || sum != served.xpSumOnPages()) {
            throw new AssertionError(runId + ": " + rows + " activity rows, " + onBoard + " with a reading adding up "
                    + "to " + sum + " XP; expected " + linked + " rows, " + served.membersOnPages() + " readings and "
                    + served.xpSumOnPages() + " XP");
        }
        if (db.balanceMismatches() != 0) {
            throw new AssertionError(runId + ": balances differ from the ledger");
        }
    }

    /** Pages per run, requests a day and wall times of a list of consecutive runs, with the targets. */
    private Map<String, Object> view(List<Run> runs, int players) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("firstHour", runs.get(0).hour());
        view.put("lastHour", runs.get(runs.size() - 1).hour());
        view.put("runs", runs.size());
        view.put("pagesPeak", runs.stream().mapToInt(Run::pages).max().orElse(0));
        view.put("pagesMean", round1(runs.stream().mapToInt(Run::pages).average().orElse(0)));
        view.put("floorPages", List.of(runs.stream().mapToInt(Run::minimumPages).min().orElse(0),
                runs.stream().mapToInt(Run::minimumPages).max().orElse(0)));
        view.put("slicePagesPeak", runs.stream().mapToInt(Run::sweepPages).max().orElse(0));
        view.put("slicePagesMean", round1(runs.stream().mapToInt(Run::sweepPages).average().orElse(0)));
        view.put("membersFound", List.of(runs.stream().mapToInt(Run::membersFound).min().orElse(0),
                runs.stream().mapToInt(Run::membersFound).max().orElse(0)));
        int worstOver = runs.stream().mapToInt(r -> r.pages() - r.pageTarget()).max().orElse(0);
        Run worst = runs.stream().filter(r -> r.pages() - r.pageTarget() == worstOver).findFirst().orElseThrow();
        view.put("pageTargetMet", worstOver <= 0);
        view.put("pagesOverTargetWorst", worstOver);
        view.put("pageTargetWorstRun", worst.hour());
        view.put("runsOverPageTarget", runs.stream().filter(r -> r.pages() > r.pageTarget()).count());

        // requests a day: every 24 consecutive runs, against 24 x floor pages + the board's pages + 48
        int day = runsPerSweep;
        if (runs.size() >= day) {
            int fullReadPages = players / paging.pageSize() + 1;
            int max = 0;
            int maxBound = 0;
            boolean met = true;
            for (int from = 0; from + day <= runs.size(); from++) {
                List<Run> window = runs.subList(from, from + day);
                int pages = window.stream().mapToInt(Run::pages).sum();
                int bound = window.stream().mapToInt(Run::minimumPages).sum() + fullReadPages + 48;
                met &= pages <= bound;
                if (pages > max) {
                    max = pages;
                    maxBound = bound;
                }
            }
            view.put("requestsPerDayPeak", max);
            view.put("requestsPerDayTarget", maxBound);
            view.put("requestsPerDayMean", round1(runs.stream().mapToInt(Run::pages).average().orElse(0) * day));
            view.put("requestsPerDayMet", met);
        }
        List<Map<String, Object>> walls = new ArrayList<>();
        for (double seconds : SECONDS_PER_PAGE) {
            Run slowest = runs.stream().max((a, b) -> Double.compare(a.wallSeconds(seconds), b.wallSeconds(seconds)))
                    .orElseThrow();
            Map<String, Object> wall = new LinkedHashMap<>();
            wall.put("secondsPerPage", seconds);
            wall.put("slowestRunHour", slowest.hour());
            wall.put("slowestRunPages", slowest.pages());
            wall.put("slowestRunSeconds", round1(slowest.wallSeconds(seconds)));
            walls.add(wall);
        }
        view.put("slowestRun", walls);
        double worstAtTarget = runs.stream().mapToDouble(r -> r.wallSeconds(TARGET_SECONDS_PER_PAGE)).max()
                .orElse(0);
        view.put("fitsRunTarget", worstAtTarget <= RUN_TARGET.toSeconds());
        view.put("fetchMsPerPage", round1(runs.stream().mapToLong(Run::fetchMs).sum()
                / (double) Math.max(1, runs.stream().mapToInt(Run::pages).sum())));
        view.put("syncMsMean", round1(runs.stream().mapToDouble(Run::totalMs).average().orElse(0)));
        return view;
    }

    /** {@code 0-19, 22, 40-61}. */
    static String ranges(BitSet pages) {
        StringBuilder text = new StringBuilder();
        for (int from = pages.nextSetBit(0); from >= 0; from = pages.nextSetBit(from)) {
            int to = pages.nextClearBit(from);
            text.append(text.length() > 0 ? ", " : "").append(from).append(to - 1 > from ? "-" + (to - 1) : "");
            from = to;
        }
        return text.length() == 0 ? "none" : text.toString();
    }

    static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** Whether a finding says the sweep did not do its job: a page or a member missed, or no sweep at all. */
    static boolean isMiss(String finding) {
        return finding.contains(PAGES_MISSED) || finding.contains(MEMBERS_MISSED) || finding.contains(NO_SWEEP);
    }

    /** The findings of the part that say the sweep did not do its job (a page or a member missed). */
    static List<String> failures(Map<String, Object> part) {
        List<String> failures = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> boards = (List<Map<String, Object>>) part.get("boards");
        for (Map<String, Object> board : boards) {
            @SuppressWarnings("unchecked")
            List<String> findings = (List<String>) board.get("findings");
            findings.stream().filter(SweepBench::isMiss).map(f -> board.get("players") + " players: " + f)
                    .forEach(failures::add);
        }
        return failures;
    }
}
