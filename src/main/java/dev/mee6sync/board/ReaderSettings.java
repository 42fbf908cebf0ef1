package dev.mee6sync.board;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.mee6sync.config.SettingsCheck;
import dev.mee6sync.text.Durations;
import dev.mee6sync.xp.Paging;

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

    /** An HTTP header value: visible ASCII and spaces, not starting or ending with a space. */
    private static final Pattern USER_AGENT = Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]{0,510}[\\x21-\\x7e])?");
    private static final long MIN_PAGE_BYTES = 1024;
    private static final long MAX_PAGE_BYTES = 1L << 30;

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

    /** How the source pages its board, as the sync plans a run's pages. */
    public Paging paging() {
        return new Paging(pageSize, maxPages, pageDelay);
    }

    /** The environment variable of one setting: {@code variable("PAGE_DELAY")} is {@code MEE6_PAGE_DELAY}. */
    public String variable(String name) {
        return prefix + "_" + name;
    }

    /** {@code MEE6_PAGE_DELAY=1s}: a variable and its value, as a message shows it. */
    public String setting(String name, Duration value) {
        return variable(name) + "=" + Durations.human(value);
    }

    /** Checks the settings every board reader has (delays, bounds, the user agent, retries) into {@code check}. */
    public SettingsCheck check(SettingsCheck check, Optional<String> userAgent) {
        check.notNegative("page-delay", pageDelay)
                .range("max-pages", maxPages, 1, 1_000_000)
                .positive("connect-timeout", connectTimeout)
                .positive("read-timeout", readTimeout)
                .positive("request-timeout", requestTimeout)
                .range("max-page-bytes", maxPageBytes, MIN_PAGE_BYTES, MAX_PAGE_BYTES);
        userAgent.filter(agent -> !USER_AGENT.matcher(agent).matches()).ifPresent(agent -> check.add(
                check.name("user-agent") + " must be printable ASCII text, not blank, got '"
                        + agent.replaceAll("[^\\x20-\\x7e]", "?") + "'"));
        return check.range("retry.max-attempts", retry.maxAttempts(), 1, 20)
                .notNegative("retry.initial-delay", retry.initialDelay())
                .notNegative("retry.max-delay", retry.maxDelay())
                .notNegative("retry.max-retry-after", retry.maxRetryAfter())
                .positive("retry.max-duration", retry.maxDuration());
    }
}
