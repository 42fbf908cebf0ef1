package dev.mee6sync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.mee6sync.xp.Paging;

/** The start-up line: what one run reads at most, and the largest board a sweep covers in a day. */
class SweepCapacityTest {

    static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);

    @Test
    void withTheDefaultsARunReadsItsBoundAndADayCoversTwelveThousandPages() {
        Paging mee6 = new Paging(1_000, 500, Duration.ofSeconds(1));
        // 15 min less 20 s: 880 s, room for 587 pages at 1.5 s; the bound of 500 comes first
        assertThat(SweepCapacity.pagesPerRun(mee6, FIFTEEN_MINUTES)).isEqualTo(500);
        assertThat(SweepCapacity.describe("MEE6", mee6, FIFTEEN_MINUTES, Duration.ofHours(24))).contains(
                "one run reads at most 500 pages (the per-run page bound, at a page delay of 1s and an estimated 500ms",
                "a sweep of 24 runs (MEE6_FULL_READ_EVERY=24h) covers a board of up to 11,976 pages (11,976,000 "
                        + "players at 1000 a page)");
    }

    @Test
    void aLongDelayIsBoundByTheTimeout() {
        Paging slow = new Paging(1_000, 500, Duration.ofMillis(4_500)); // 5 s a page: 176 pages in 880 s
        assertThat(SweepCapacity.pagesPerRun(slow, FIFTEEN_MINUTES)).isEqualTo(176);
        assertThat(SweepCapacity.describe("MEE6", slow, FIFTEEN_MINUTES, Duration.ofHours(24)))
                .contains("the function's timeout (MEE6_FUNCTION_TIMEOUT=15m)", "4,200 pages");
        assertThat(SweepCapacity.pagesPerRun(slow, Duration.ofSeconds(10))).as("less than the margin").isZero();
    }

    @Test
    void lurkrsPagesOfAHundred() {
        Paging lurkr = new Paging(100, 1_000, Duration.ofMillis(500)); // 1 s a page: 880 pages, bound 1,000
        assertThat(SweepCapacity.describe("Lurkr", lurkr, FIFTEEN_MINUTES, Duration.ofHours(24)))
                .contains("Lurkr: one run reads at most 880 pages", "21,096 pages (2,109,600 players at 100 a page)");
    }
}
