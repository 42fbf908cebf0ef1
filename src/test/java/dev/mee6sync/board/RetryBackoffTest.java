package dev.mee6sync.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private static RetryBackoff backoff(long initialMs, long maxMs, long maxRetryAfterMs, long maxDurationMs) {
        return new RetryBackoff(new ReaderSettings.Retry(10, Duration.ofMillis(initialMs), Duration.ofMillis(maxMs),
                Duration.ofMillis(maxRetryAfterMs), Duration.ofMillis(maxDurationMs)), "MEE6 page 0",
                "MEE6_RETRY_MAX_DURATION");
    }

    private static TransientFailure failure(Duration retryAfter) {
        return new TransientFailure("HTTP 429", 429, retryAfter, null);
    }

    @RepeatedTest(20)
    void doublesFromInitialDelayWithJitterUpToMaxDelay() {
        RetryBackoff backoff = backoff(100, 1000, 60_000, 600_000);
        long[] ceilings = { 100, 200, 400, 800, 1000, 1000 };
        for (long ceiling : ceilings) {
            long delay = backoff.nextDelayInMillis(failure(null));
            assertTrue(delay <= ceiling && delay >= ceiling * 3 / 4, delay + " not in [3/4, 1] of " + ceiling);
        }
    }

    @Test
    void honoursRetryAfterInsteadOfBackoff() {
        RetryBackoff backoff = backoff(100, 1000, 60_000, 600_000);
        assertEquals(5000, backoff.nextDelayInMillis(failure(Duration.ofSeconds(5))));
        assertEquals(0, backoff.nextDelayInMillis(failure(Duration.ZERO)));
    }

    @Test
    void capsRetryAfter() {
        assertEquals(2000, backoff(100, 1000, 2000, 600_000).nextDelayInMillis(failure(Duration.ofHours(1))));
    }

    @Test
    void neverWaitsPastThePageBudget() {
        long delay = backoff(100, 1000, 60_000, 300).nextDelayInMillis(failure(Duration.ofSeconds(30)));
        assertTrue(delay <= 300 + 5, "waited " + delay + " ms with a 300 ms budget");
    }
}
