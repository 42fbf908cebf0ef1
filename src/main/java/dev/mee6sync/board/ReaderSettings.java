package dev.mee6sync.board;

import java.time.Duration;

import dev.mee6sync.text.Durations;

/**
 * How one source's board is read, made by its adapter from its settings (docs/configuration.md); messages name a
 * setting by {@link #variable(String)}: {@code MEE6_PAGE_DELAY}, {@code LURKR_PAGE_DELAY}.
 *
 * @param prefix         the source's environment variable prefix: {@code MEE6}, {@code LURKR}
 * @param pageSize       players a full page holds (a shorter one ends the board)
 * @param pageDelay      the pause between two page requests
 * @param maxPages       the most pages one read may request
 * @param connectTimeout bound on opening a connection
 * @param readTimeout    idle bound: no data for this long fails the request
 * @param requestTimeout bound on a whole request, first byte to last
 * @param maxPageBytes   the largest body accepted, counted after decompression
 * @param retry          retries of one page after a transient failure
 * @param fullReadEvery  the sync's {@code MEE6_FULL_READ_EVERY}, named in the deadline message; null: not known
 */
public record ReaderSettings(String prefix, int pageSize, Duration pageDelay, int maxPages, Duration connectTimeout,
        Duration readTimeout, Duration requestTimeout, long maxPageBytes, Retry retry, Duration fullReadEvery) {

    /** A source's {@link RetryConfig}, as the reader uses it. */
    public record Retry(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter,
            Duration maxDuration) {

        /** From a source's {@code retry} settings. */
        public static Retry of(RetryConfig config) {
            return new Retry(config.maxAttempts(), config.initialDelay(), config.maxDelay(), config.maxRetryAfter(),
                    config.maxDuration());
        }
    }

    /** A source's own paging and body bound, with the request bounds and retries every source has. */
    public static ReaderSettings of(String prefix, int pageSize, Duration pageDelay, int maxPages, long maxPageBytes,
            BoardConfig config, Duration fullReadEvery) {
        return new ReaderSettings(prefix, pageSize, pageDelay, maxPages, config.connectTimeout(), config.readTimeout(),
                config.requestTimeout(), maxPageBytes, Retry.of(config.retry()), fullReadEvery);
    }

    /** The environment variable of one setting: {@code variable("PAGE_DELAY")} is {@code MEE6_PAGE_DELAY}. */
    public String variable(String name) {
        return prefix + "_" + name;
    }

    /** {@code MEE6_PAGE_DELAY=1s}: a variable and its value, as a message shows it. */
    public String setting(String name, Duration value) {
        return variable(name) + "=" + Durations.human(value);
    }
}
