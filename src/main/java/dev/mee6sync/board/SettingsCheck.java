package dev.mee6sync.board;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.mee6sync.text.Durations;

/**
 * Checks of a source's settings that their types alone cannot make. Each problem names the environment variable an
 * operator sets and its property: {@code MEE6_PAGE_SIZE (mee6.page-size) must be between 1 and 1000, got 0}.
 */
public final class SettingsCheck {

    /** An HTTP header value: visible ASCII and spaces, not starting or ending with a space. */
    private static final Pattern USER_AGENT = Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]{0,510}[\\x21-\\x7e])?");
    private static final long MIN_PAGE_BYTES = 1024;
    private static final long MAX_PAGE_BYTES = 1L << 30;

    private final String prefix;
    private final List<String> problems = new ArrayList<>();

    /** @param prefix the properties' prefix: {@code mee6}, {@code lurkr} */
    public SettingsCheck(String prefix) {
        this.prefix = prefix;
    }

    /** {@code MEE6_PAGE_SIZE (mee6.page-size)} for {@code page-size}. */
    public String name(String key) {
        String property = prefix + "." + key;
        return property.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + " (" + property + ")";
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public SettingsCheck add(String problem) {
        problems.add(problem);
        return this;
    }

    /** The settings every board reader has: delays, bounds, the user agent and retries. */
    public SettingsCheck reader(ReaderSettings settings, Optional<String> userAgent) {
        notNegative("page-delay", settings.pageDelay());
        range("max-pages", settings.maxPages(), 1, 1_000_000);
        positive("connect-timeout", settings.connectTimeout());
        positive("read-timeout", settings.readTimeout());
        positive("request-timeout", settings.requestTimeout());
        range("max-page-bytes", settings.maxPageBytes(), MIN_PAGE_BYTES, MAX_PAGE_BYTES);
        userAgent.filter(agent -> !USER_AGENT.matcher(agent).matches()).ifPresent(agent -> problems.add(
                name("user-agent") + " must be printable ASCII text, not blank, got '"
                        + agent.replaceAll("[^\\x20-\\x7e]", "?") + "'"));
        ReaderSettings.Retry retry = settings.retry();
        range("retry.max-attempts", retry.maxAttempts(), 1, 20);
        notNegative("retry.initial-delay", retry.initialDelay());
        notNegative("retry.max-delay", retry.maxDelay());
        notNegative("retry.max-retry-after", retry.maxRetryAfter());
        positive("retry.max-duration", retry.maxDuration());
        return this;
    }

    public SettingsCheck httpUrl(String key, String value) {
        try {
            URI uri = new URI(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.add(name(key) + " must be an http(s) URL, got '" + value + "'");
            }
        } catch (URISyntaxException e) {
            problems.add(name(key) + " is not a URL: " + e.getMessage());
        }
        return this;
    }

    public SettingsCheck range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            problems.add(name(key) + " must be between " + min + " and " + max + ", got " + value);
        }
        return this;
    }

    public SettingsCheck notNegative(String key, Duration value) {
        if (value.isNegative()) {
            problems.add(name(key) + " must not be negative, got " + Durations.human(value));
        }
        return this;
    }

    public SettingsCheck positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(name(key) + " must be positive, got " + Durations.human(value));
        }
        return this;
    }
}
