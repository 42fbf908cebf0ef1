package dev.mee6sync.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything the sync reads from its environment. In Lambda each property comes from the environment variable of
 * the same name in upper snake case ({@code mee6.page-size} is {@code MEE6_PAGE_SIZE}). Values are checked by
 * {@link Mee6ConfigCheck}, whose messages name the variable to fix.
 */
@ConfigMapping(prefix = "mee6")
public interface Mee6Config {

    /** Off unless set to {@code true}: a deployed but unconfigured function writes nothing. */
    @WithDefault("false")
    boolean syncEnabled();

    /** The Discord guild (server) whose MEE6 leaderboard is read. Required when the sync is enabled. */
    Optional<String> guildId();

    @WithDefault("https://mee6.xyz/api")
    String apiUrl();

    /** Players per leaderboard page, 1..1000. */
    @WithDefault("1000")
    int pageSize();

    /** Pause between two page requests, to stay clear of MEE6's unpublished rate limit. Zero allowed. */
    @WithDefault("1s")
    Duration pageDelay();

    /**
     * A MEE6 web token for a private leaderboard, sent as {@code Authorization} as is. A personal credential: never
     * logged. A public leaderboard is the recommended setup.
     */
    Optional<String> authToken();

    /** Consecutive failed syncs before ops get one Sentry alert for the outage. */
    @WithDefault("3")
    int alertAfterFailures();

    /** Hard bound on pages per fetch, so a misbehaving API cannot keep the function paging forever. */
    @WithDefault("1000")
    int maxPages();

    @WithDefault("5s")
    Duration connectTimeout();

    @WithDefault("30s")
    Duration readTimeout();

    /** A reading above this many XP is treated as corrupt data, not as a member's XP. */
    @WithDefault("10000000000")
    long maxPlausibleXp();

    /** Members persisted per database transaction. */
    @WithDefault("500")
    int batchSize();

    /**
     * In-process trigger for {@code quarkus:dev} and long-running JVMs ({@code 30s}, {@code 1h}...). {@code off} in
     * Lambda, where EventBridge fires the function.
     */
    @WithDefault("off")
    String schedule();

    Retry retry();

    /** Retries of one page request after a transient failure (429, 5xx, timeouts, non-JSON bodies). */
    interface Retry {
        /** Attempts per page, the first included. */
        @WithDefault("5")
        int maxAttempts();

        /** First backoff; it doubles at each retry, with random jitter, up to {@link #maxDelay()}. */
        @WithDefault("1s")
        Duration initialDelay();

        @WithDefault("30s")
        Duration maxDelay();

        /** A longer {@code Retry-After} from MEE6 is capped to this. */
        @WithDefault("60s")
        Duration maxRetryAfter();

        /** Time budget for retrying one page; past it the fetch fails. */
        @WithDefault("3m")
        Duration maxDuration();
    }
}
