package dev.mee6sync.board;

import java.time.Duration;
import java.time.Instant;

/**
 * The time of one fetch: when it started, the run's deadline (if any) on the monotonic clock, and how long requests
 * take, so that the fetch can tell before each page and each retry whether the wait and one more request still fit.
 */
final class FetchClock {

    private static final long MIN_REQUEST_NANOS = 1_000_000; // at least 1 ms, even before the first request

    private final long startedNanos = System.nanoTime();
    private final boolean hasDeadline;
    private final long deadlineNanos;
    private long requests;
    private long requestNanos;

    /** @param deadline when the fetch must have ended, or {@code null} for none */
    FetchClock(Instant deadline) {
        this.hasDeadline = deadline != null;
        long left = 0;
        if (deadline != null) {
            Duration until = Duration.between(Instant.now(), deadline);
            // a deadline years away is no deadline for a fetch, and must not overflow the nano clock
            left = until.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : until.toNanos();
        }
        this.deadlineNanos = startedNanos + left;
    }

    boolean hasDeadline() {
        return hasDeadline;
    }

    /** Nanoseconds left before the deadline (negative once past); only meaningful with a deadline. */
    long leftNanos() {
        return deadlineNanos - System.nanoTime();
    }

    long elapsedNanos() {
        return System.nanoTime() - startedNanos;
    }

    void requestDone(long nanos) {
        requests++;
        requestNanos += nanos;
    }

    /** The mean time of the requests made so far, at least 1 ms. */
    long averageRequestNanos() {
        return requests == 0 ? MIN_REQUEST_NANOS : Math.max(MIN_REQUEST_NANOS, requestNanos / requests);
    }

    /** Whether waiting {@code waitMs} and then one more request of average length ends before the deadline. */
    boolean fits(long waitMs) {
        return !hasDeadline || leftNanos() >= waitMs * 1_000_000 + averageRequestNanos();
    }
}
