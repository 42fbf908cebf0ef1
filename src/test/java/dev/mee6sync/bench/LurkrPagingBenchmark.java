package dev.mee6sync.bench;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.testing.Jobs;
import dev.mee6sync.xp.XpSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Issues 20 and 21: {@link PagingBenchmark}'s sweep with {@code XP_SOURCE=lurkr}: the real Lurkr adapter reads the
 * same boards in Lurkr's shape (pages of 100 from 1, ranks checked), served by the sidecar, no page delay. Boards of
 * {@code -Dbench.paging.lurkr-sizes} players (default 100,000; issue 21 states its targets for 2,000,000). In an
 * application of its own (the XP source is chosen at start-up), in a JVM of its own after the other benchmarks.
 */
@QuarkusTest
@TestProfile(BenchProfile.Lurkr.class)
@Tag("lurkr") // run in a JVM of its own (pom.xml, profile bench)
@Order(5)
class LurkrPagingBenchmark {

    static final String SIZES = "100000";

    @Inject
    Jobs jobs;

    @Inject
    XpSource source;

    @Inject
    SyncConfig syncConfig;

    @Test
    void paging() throws Exception {
        PagingBenchmark.run(jobs, source, syncConfig, "paging-lurkr",
                SweepBench.sizes("bench.paging.lurkr-sizes", SIZES));
    }
}
