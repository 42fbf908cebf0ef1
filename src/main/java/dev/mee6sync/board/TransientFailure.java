package dev.mee6sync.board;

import java.time.Duration;
import java.util.Optional;

/**
 * One page request failed in a way that may pass on a later attempt (429, 5xx, a timeout, a body that is not a page).
 * Thrown inside the retry guard only; no stack trace: the description says all there is to know.
 */
final class TransientFailure extends RuntimeException {

    private final Integer httpStatus;
    private final Duration retryAfter;

    /**
     * @param description what went wrong, for operators ("HTTP 503 with a non-JSON body ..."); never holds the token
     * @param retryAfter  how long the source asked us to wait, when it did
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
