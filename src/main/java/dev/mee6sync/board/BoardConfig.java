package dev.mee6sync.board;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * The settings every source's {@code @ConfigMapping} has, with the same defaults: the bounds of one request, the
 * {@code User-Agent} and the retries ({@code MEE6_CONNECT_TIMEOUT}, {@code LURKR_CONNECT_TIMEOUT}...).
 */
public interface BoardConfig {

    /** Bound on opening a connection. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Idle bound: a request fails when no data arrives for this long (before the headers or within the body). */
    @WithDefault("30s")
    Duration readTimeout();

    /** Bound on a whole request, first byte to last: a body that keeps dripping cannot hold the read. */
    @WithDefault("60s")
    Duration requestTimeout();

    /** Sent as {@code User-Agent} on every request; unset: {@code mee6-sync/<version>}. */
    Optional<String> userAgent();

    RetryConfig retry();
}
