package dev.mee6sync.lambda;

/** The invocation's event cannot start a sync (a malformed sync id or time). Nothing was read or written. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }
}
