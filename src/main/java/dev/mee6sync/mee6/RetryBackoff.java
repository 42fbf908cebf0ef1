package dev.mee6sync.mee6;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * The wait before retrying a page. A custom strategy because SmallRye's built-in exponential backoff only sees
 * exception types, while a 429 can carry a {@code Retry-After} that must be honoured.
 * <ul>
 * <li>{@code Retry-After} present: wait that long, capped by {@code mee6.retry.max-retry-after};</li>
 * <li>otherwise: {@code initial-delay * 2^n} for the n-th retry, capped by {@code max-delay}, minus up to 25% random
 * jitter, so that several clients blocked together do not come back together.</li>
 * </ul>
 * Never waits past the page's {@code max-duration} budget: it then only waits out the budget, and the guard ends with
 * the last failure. (A {@code Retry-After} that cannot fit is not even waited for: {@link PageReader} stops first, and it stops the fetch
 * when the wait and one more request do not fit before the run's deadline.) One instance per page, made before its
 * guarded call, so it may keep state.
 */
final class RetryBackoff implements CustomBackoffStrategy {

    private static final Logger LOG = Logger.getLogger(RetryBackoff.class);

    /** Lets the guard's own clock, started a moment after ours, see the budget as spent too. */
    private static final long BUDGET_MARGIN_MS = 5;

    private final long initialDelayMs;
    private final long maxDelayMs;
    private final long maxRetryAfterMs;
    private final long maxDurationMs;
    private final int maxAttempts;
    private final int page;
    private final long startNanos = System.nanoTime();
    private int retries;
    private Throwable plannedFor;
    private long planned;

    RetryBackoff(Duration initialDelay, Duration maxDelay, Duration maxRetryAfter, Duration maxDuration, int maxAttempts,
            int page) {
        this.initialDelayMs = initialDelay.toMillis();
        this.maxDelayMs = maxDelay.toMillis();
        this.maxRetryAfterMs = maxRetryAfter.toMillis();
        this.maxDurationMs = maxDuration.toMillis();
        this.maxAttempts = maxAttempts;
        this.page = page;
    }

    /**
     * The wait this backoff will ask for after {@code cause}, budget included: computed once per failure, so that the
     * reader can check it against the run's deadline before the guard asks {@link #nextDelayInMillis} for it.
     */
    long plannedWait(Throwable cause) {
        long delay = plan(cause);
        long remaining = maxDurationMs - (System.nanoTime() - startNanos) / 1_000_000;
        return delay >= remaining ? Math.max(0, remaining) + BUDGET_MARGIN_MS : delay;
    }

    private long plan(Throwable cause) {
        if (plannedFor != cause || cause == null) {
            retries++;
            plannedFor = cause;
            planned = cause instanceof TransientFailure failure && failure.retryAfter().isPresent()
                    ? Math.min(failure.retryAfter().get().toMillis(), maxRetryAfterMs)
                    : exponential(retries);
        }
        return planned;
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        long delay = plan(cause);
        plannedFor = null; // the next failure, even the same object thrown again, is a new retry
        long remaining = maxDurationMs - (System.nanoTime() - startNanos) / 1_000_000;
        if (delay >= remaining) {
            LOG.warnf("MEE6 page %d failed: %s. Giving up in %d ms, at the end of MEE6_RETRY_MAX_DURATION=%s", page,
                    cause.getMessage(), Math.max(0, remaining), Durations.human(Duration.ofMillis(maxDurationMs)));
            return Math.max(0, remaining) + BUDGET_MARGIN_MS;
        }
        LOG.warnf("MEE6 page %d failed: %s. Retry %d of %d in %d ms", page, cause.getMessage(), retries,
                maxAttempts - 1, delay);
        return delay;
    }

    /** initialDelay * 2^(retry-1), capped, less up to a quarter at random. */
    long exponential(int retry) {
        long delay = initialDelayMs;
        for (int i = 1; i < retry && delay < maxDelayMs; i++) {
            delay *= 2;
        }
        delay = Math.min(delay, maxDelayMs);
        return delay - ThreadLocalRandom.current().nextLong(delay / 4 + 1);
    }
}
