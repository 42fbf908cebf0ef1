package dev.mee6sync.lambda;

/**
 * Ends a Lambda invocation whose run failed. Listed in {@code quarkus.lambda.expected-exceptions}: the failure was
 * logged and counted already, so no stack trace is printed again.
 */
public class RunFailedException extends RuntimeException {
    public RunFailedException(String message) {
        super(message);
    }
}
