package dev.mee6sync.board;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import dev.mee6sync.text.Durations;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * The wait before retrying a page: the answer's {@code Retry-After} (capped), else an exponential backoff with jitter,
 * never past the page's time budget. One instance per page; docs/board-reader.md, "Retries".
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
    private final String page;
    private final String budget;
    private final long startNanos = System.nanoTime();
    private int retries;
    private Throwable plannedFor;
    private long planned;

    /**
     * @param page   the page as the log names it: {@code MEE6 page 3}
     * @param budget the variable of the page's time budget: {@code MEE6_RETRY_MAX_DURATION}
     */
    RetryBackoff(ReaderSettings.Retry retry, String page, String budget) {
        this.initialDelayMs = retry.initialDelay().toMillis();
        this.maxDelayMs = retry.maxDelay().toMillis();
        this.maxRetryAfterMs = retry.maxRetryAfter().toMillis();
        this.maxDurationMs = retry.maxDuration().toMillis();
        this.maxAttempts = retry.maxAttempts();
        this.page = page;
        this.budget = budget;
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
            LOG.warnf("%s failed: %s. Giving up in %d ms, at the end of %s=%s", page, cause.getMessage(),
                    Math.max(0, remaining), budget, Durations.human(Duration.ofMillis(maxDurationMs)));
            return Math.max(0, remaining) + BUDGET_MARGIN_MS;
        }
        LOG.warnf("%s failed: %s. Retry %d of %d in %d ms", page, cause.getMessage(), retries,
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
