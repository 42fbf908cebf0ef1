package dev.mee6sync.job;

/**
 * A failure a job detected itself, with a message meant for operators (it says what to change). Counted like any
 * failed run; {@link #alertNow()} alerts ops at once instead of after the threshold (a refused mass change needs a
 * decision, not patience).
 */
public class JobFailure extends RuntimeException {

    private final boolean alertNow;

    public JobFailure(String message) {
        this(message, false);
    }

    public JobFailure(String message, boolean alertNow) {
        super(message, null, false, false);
        this.alertNow = alertNow;
    }

    public boolean alertNow() {
        return alertNow;
    }
}
