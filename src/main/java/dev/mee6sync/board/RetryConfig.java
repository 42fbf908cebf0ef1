package dev.mee6sync.board;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/**
 * The {@code retry} group of every source's settings ({@code MEE6_RETRY_*}, {@code LURKR_RETRY_*}): retries of one
 * page request after a transient failure (429, 5xx, timeouts, non-JSON bodies).
 */
public interface RetryConfig {

    /** Attempts per page, the first included. */
    @WithDefault("5")
    int maxAttempts();

    /** First backoff; it doubles at each retry, with random jitter, up to {@link #maxDelay()}. */
    @WithDefault("1s")
    Duration initialDelay();

    @WithDefault("30s")
    Duration maxDelay();

    /** A longer {@code Retry-After} (or rate-limit reset) from the source is capped to this. */
    @WithDefault("60s")
    Duration maxRetryAfter();

    /** Time budget for retrying one page; past it the read fails. */
    @WithDefault("3m")
    Duration maxDuration();
}
