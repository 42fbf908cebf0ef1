package dev.mee6sync.sync;

import java.time.Duration;
import java.util.Locale;

import dev.mee6sync.text.Durations;
import dev.mee6sync.job.JobRunner;
import dev.mee6sync.xp.Paging;

/**
 * The start-up line: the pages one run can read and the largest board a sweep covers (docs/ledger-rules.md, "4. Which
 * pages a run reads").
 */
final class SweepCapacity {

    /** What the estimate counts for one request besides the delay (MEE6: 0.3 s to 4 s a page, docs/mee6-api.md). */
    static final Duration ESTIMATED_REQUEST = Duration.ofMillis(500);

    private SweepCapacity() {
    }

    /** The pages one run can request: the per-run bound, or fewer when the timeout allows fewer. */
    static int pagesPerRun(Paging paging, Duration functionTimeout) {
        Duration available = functionTimeout.minus(JobRunner.OUTCOME_MARGIN);
        if (available.compareTo(ESTIMATED_REQUEST) < 0) {
            return 0;
        }
        long perPage = Math.max(1, paging.pageDelay().plus(ESTIMATED_REQUEST).toMillis());
        long fitting = 1 + available.minus(ESTIMATED_REQUEST).toMillis() / perPage; // page 0 has no delay before it
        return (int) Math.min(paging.maxPagesPerRun(), fitting);
    }

    /** The start-up line: what a run reads at most, and the largest board a sweep covers per period. */
    static String describe(String source, Paging paging, Duration functionTimeout, Duration fullReadEvery) {
        int perRun = pagesPerRun(paging, functionTimeout);
        int runs = Sweep.runsPer(fullReadEvery);
        // each slice repeats one page, and the floor region comes out of the same runs
        long sweepPages = (long) runs * Math.max(0, perRun - 1);
        String bound = perRun < paging.maxPagesPerRun() ? "the function's timeout (MEE6_FUNCTION_TIMEOUT="
                + Durations.human(functionTimeout) + ")" : "the per-run page bound";
        return String.format(Locale.ROOT, "%s: one run reads at most %,d pages (%s, at a page delay of %s and an "
                + "estimated %s a request); a sweep of %d runs (MEE6_FULL_READ_EVERY=%s) covers a board of up to "
                + "%,d pages (%,d players at %d a page), less the pages the runs' floor regions take. A larger board's "
                + "sweep takes longer than MEE6_FULL_READ_EVERY, and the sweep-stalled alarm says so", source, perRun,
                bound, Durations.human(paging.pageDelay()), Durations.human(ESTIMATED_REQUEST), runs,
                Durations.human(fullReadEvery), sweepPages, sweepPages * paging.pageSize(), paging.pageSize());
    }
}
