package dev.mee6sync.lambda;

/** The invocation's event cannot start a run (a malformed sync id or time, an unknown job). Nothing was done. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }
}
