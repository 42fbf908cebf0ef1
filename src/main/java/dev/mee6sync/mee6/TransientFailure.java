package dev.mee6sync.mee6;

import java.time.Duration;
import java.util.Optional;

/**
 * One page request failed in a way that may pass on a later attempt (429, 5xx, a timeout, a reset connection, a body
 * that is not a leaderboard page). Thrown inside the retry guard only: once retries are exhausted it becomes a
 * {@code XpSourceException} of kind TRANSIENT. No stack trace: the description says all there is to know.
 */
final class TransientFailure extends RuntimeException {

    private final Integer httpStatus;
    private final Duration retryAfter;

    /**
     * @param description what went wrong, for operators ("HTTP 503 with a non-JSON body ..."); never holds the token
     * @param retryAfter  how long MEE6 asked us to wait, when it did
     */
    TransientFailure(String description, Integer httpStatus, Duration retryAfter, Throwable cause) {
        super(description, cause, false, false);
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    Integer httpStatus() {
        return httpStatus;
    }

    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
