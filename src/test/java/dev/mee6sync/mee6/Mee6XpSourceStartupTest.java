package dev.mee6sync.mee6;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.Mee6Settings;

/** The start-up warning when a full read of MEE6_MAX_PAGES pages cannot fit in the function's timeout. */
class Mee6XpSourceStartupTest {

    @Test
    void aThousandPagesCannotBeReadIn15MinutesAtTheDefaultDelay() {
        // 1000 pages: 0.5 s + 999 x (1 s + 0.5 s) = about 25 min; 15 min less 20 s leave 880 s, enough for 587 pages
        Mee6Config config = Mee6Settings.none().with("guild-id", "912345678901234567").with("max-pages", "1000").build();

        assertThat(Mee6XpSource.fullReadWarning(config, Duration.ofMinutes(15))).hasValueSatisfying(warning -> assertThat(
                warning).contains("A full read of the MEE6 board cannot fit in the function's timeout",
                        "MEE6_MAX_PAGES=1000 pages at MEE6_PAGE_DELAY=1s, plus an estimated 500ms per request",
                        "take about 24m 59s", "MEE6_FUNCTION_TIMEOUT=15m leaves 14m 40s once 20s are kept",
                        "about 587 pages of MEE6_PAGE_SIZE=1000 players (587,000 players)",
                        "Lower MEE6_PAGE_DELAY", "lower MEE6_MAX_PAGES"));
    }

    @Test
    void noWarningWhenAFullReadFitsAsWithTheProductionDefaults() {
        Mee6Config config = Mee6Settings.none().with("guild-id", "912345678901234567").build(); // 500 pages
        assertThat(Mee6XpSource.fullReadWarning(config, Duration.ofMinutes(15))).isEmpty();
        assertThat(Mee6XpSource.fullReadWarning(Mee6Settings.defaults().build(), Duration.ofMinutes(15))).isEmpty();
    }

    @Test
    void aTimeoutShorterThanTheMarginFitsNothing() {
        Mee6Config config = Mee6Settings.none().with("guild-id", "912345678901234567").build();
        assertThat(Mee6XpSource.fullReadWarning(config, Duration.ofSeconds(10))).hasValueSatisfying(
                warning -> assertThat(warning).contains("about 0 pages"));
    }
}
