package dev.mee6sync.mee6;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks {@link Mee6Config} values that the type alone cannot. Each problem names the environment variable an
 * operator sets, so the message can be acted on without reading code. The sync asks only when it is enabled
 * ({@link Mee6XpSource#configurationProblems()}), so a missing guild id is always a problem here.
 */
public final class Mee6ConfigCheck {

    /** Discord ids are snowflakes: 17 to 20 digits today; accept any 1..20 digits that fit the format. */
    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,20}");
    public static final int MAX_PAGE_SIZE = 1000;
    /** An HTTP header value: visible ASCII and spaces, not starting or ending with a space. */
    private static final Pattern USER_AGENT = Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]{0,510}[\\x21-\\x7e])?");
    private static final long MIN_PAGE_BYTES = 1024;
    private static final long MAX_PAGE_BYTES = 1L << 30;

    private Mee6ConfigCheck() {
    }

    /** The problems of this configuration; empty when it can run. */
    public static List<String> problems(Mee6Config config) {
        List<String> problems = new ArrayList<>();
        if (config.guildId().map(String::isBlank).orElse(true)) {
            problems.add("MEE6_GUILD_ID (mee6.guild-id) is required when MEE6_SYNC_ENABLED=true: set it to the Discord "
                    + "server id whose MEE6 leaderboard is synced");
        }
        config.guildId().filter(id -> !id.isBlank() && !SNOWFLAKE.matcher(id).matches())
                .ifPresent(id -> problems.add("MEE6_GUILD_ID (mee6.guild-id) must be a Discord snowflake (digits only), got '"
                        + id + "'"));
        try {
            URI uri = new URI(config.apiUrl());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.add("MEE6_API_URL (mee6.api-url) must be an http(s) URL, got '" + config.apiUrl() + "'");
            }
        } catch (URISyntaxException e) {
            problems.add("MEE6_API_URL (mee6.api-url) is not a URL: " + e.getMessage());
        }
        range(problems, "MEE6_PAGE_SIZE (mee6.page-size)", config.pageSize(), 1, MAX_PAGE_SIZE);
        notNegative(problems, "MEE6_PAGE_DELAY (mee6.page-delay)", config.pageDelay());
        range(problems, "MEE6_MAX_PAGES (mee6.max-pages)", config.maxPages(), 1, 1_000_000);
        positive(problems, "MEE6_CONNECT_TIMEOUT (mee6.connect-timeout)", config.connectTimeout());
        positive(problems, "MEE6_READ_TIMEOUT (mee6.read-timeout)", config.readTimeout());
        positive(problems, "MEE6_REQUEST_TIMEOUT (mee6.request-timeout)", config.requestTimeout());
        range(problems, "MEE6_MAX_PAGE_BYTES (mee6.max-page-bytes)", config.maxPageBytes(), MIN_PAGE_BYTES,
                MAX_PAGE_BYTES);
        config.userAgent().filter(agent -> !USER_AGENT.matcher(agent).matches()).ifPresent(agent -> problems.add(
                "MEE6_USER_AGENT (mee6.user-agent) must be printable ASCII text, not blank, got '"
                        + agent.replaceAll("[^\\x20-\\x7e]", "?") + "'"));
        if (config.maxPlausibleXp() < 1) {
            problems.add("MEE6_MAX_PLAUSIBLE_XP (mee6.max-plausible-xp) must be positive, got " + config.maxPlausibleXp());
        }
        range(problems, "MEE6_RETRY_MAX_ATTEMPTS (mee6.retry.max-attempts)", config.retry().maxAttempts(), 1, 20);
        notNegative(problems, "MEE6_RETRY_INITIAL_DELAY (mee6.retry.initial-delay)", config.retry().initialDelay());
        notNegative(problems, "MEE6_RETRY_MAX_DELAY (mee6.retry.max-delay)", config.retry().maxDelay());
        notNegative(problems, "MEE6_RETRY_MAX_RETRY_AFTER (mee6.retry.max-retry-after)", config.retry().maxRetryAfter());
        positive(problems, "MEE6_RETRY_MAX_DURATION (mee6.retry.max-duration)", config.retry().maxDuration());
        return problems;
    }

    private static void range(List<String> problems, String name, long value, long min, long max) {
        if (value < min || value > max) {
            problems.add(name + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static void notNegative(List<String> problems, String name, Duration value) {
        if (value.isNegative()) {
            problems.add(name + " must not be negative, got " + value);
        }
    }

    private static void positive(List<String> problems, String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(name + " must be positive, got " + value);
        }
    }
}
