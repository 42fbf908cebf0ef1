package dev.mee6sync.bench;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.testing.Jobs;
import dev.mee6sync.xp.XpSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Issues 12 and 21: the leaderboard pages the hourly sync reads with the rolling sweep, end to end through the job
 * runner, the sync job and the real MEE6 adapter (pages of 1,000) against {@link PagingBoard}s served over HTTP by the
 * sidecar, no page delay: boards of {@code -Dbench.paging.sizes} players (default 100,000, 1,000,000, 2,000,000 and
 * 5,000,000), 1,000 linked members among the top 20,000 and 10 never on the board. {@link SweepBench} runs
 * {@code -Dbench.paging.runs} (48) hourly runs from the members' first sync, and as many after the first complete
 * sweep; from the counted pages come the requests a day and the wall time of the slowest run at 1 s and 4 s a page.
 * <p>
 * A benchmark, not a test: it fails only when a run does not do its job (not completed, a member on a page read
 * missing or with the wrong XP, the pages served differ from those counted) or the sweep misses a page or a known
 * member, never because it reads more pages than its target.
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@Order(2)
class PagingBenchmark {

    static final String SIZES = "100000,1000000,2000000,5000000";

    @Inject
    Jobs jobs;

    @Inject
    XpSource source;

    @Inject
    SyncConfig syncConfig;

    @Test
    void paging() throws Exception {
        run(jobs, source, syncConfig, "paging", SweepBench.sizes("bench.paging.sizes", SIZES));
    }

    /** Measures, writes the part {@code name} and the tables, then fails if the sweep missed something. */
    static void run(Jobs jobs, XpSource source, SyncConfig syncConfig, String name, List<Integer> sizes)
            throws Exception {
        int runs = Integer.parseInt(System.getProperty("bench.paging.runs", "48").trim());
        try (BenchDatabase db = BenchDatabase.openBench()) {
            SweepBench bench = new SweepBench(jobs, Sidecar.attachToBench(), db, source.paging(), source.id(),
                    syncConfig.fullReadEvery(), runs);
            Map<String, Object> part = bench.measure(sizes);
            BenchReport.writePart(name, part);
            System.out.println(BenchReport.render());
            List<String> failures = SweepBench.failures(part);
            if (!failures.isEmpty()) {
                throw new AssertionError("The sweep missed what it must read: " + String.join("; ", failures));
            }
        }
    }
}
