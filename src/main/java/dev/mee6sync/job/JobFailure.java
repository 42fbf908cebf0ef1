package dev.mee6sync.job;

/**
 * A failure a job detected itself, with a message meant for operators (it says what to change). Counted like any
 * failed run; one with an {@link #attentionKey()} needs someone now, and ops are alerted at once
 * (docs/ledger-rules.md, "6. Idempotency, atomicity, balance").
 */
public class JobFailure extends RuntimeException {

    private final String attentionKey;

    public JobFailure(String message) {
        this(message, null);
    }

    /** @param attentionKey what needs someone, e.g. {@code mass-change:deductions:<run id>}: a new key alerts again */
    public JobFailure(String message, String attentionKey) {
        super(message, null, false, false);
        this.attentionKey = attentionKey;
    }

    public String attentionKey() {
        return attentionKey;
    }
}
