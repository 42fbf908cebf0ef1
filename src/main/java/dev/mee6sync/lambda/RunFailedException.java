package dev.mee6sync.lambda;

/**
 * Ends a Lambda invocation whose run failed (a run of any job). Expected (listed in {@code quarkus.lambda.expected-exceptions}): the
 * failure was already logged with its cause and counted, so no stack trace is printed again.
 */
public class RunFailedException extends RuntimeException {
    public RunFailedException(String message) {
        super(message);
    }
}
