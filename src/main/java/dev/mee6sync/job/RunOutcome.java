package dev.mee6sync.job;

/**
 * How a run ended, carried from the runner to the job's state machine, the job's stats and the report.
 *
 * @param status       how it ended
 * @param message      why it was skipped, disabled or failed; null when it completed
 * @param attentionKey a failure that needs someone now ({@link JobFailure#attentionKey()}); null otherwise
 * @param finding      what a completed run found wrong (the warning channel); null otherwise
 */
public record RunOutcome(RunStatus status, String message, String attentionKey, Finding finding) {

    public static RunOutcome completed(Finding finding) {
        return new RunOutcome(RunStatus.COMPLETED, null, null, finding);
    }

    public static RunOutcome failed(String message, String attentionKey) {
        return new RunOutcome(RunStatus.FAILED, message, attentionKey, null);
    }

    /** A run that did nothing: DISABLED or SKIPPED. */
    public static RunOutcome idle(RunStatus status, String message) {
        return new RunOutcome(status, message, null, null);
    }

    public boolean failed() {
        return status == RunStatus.FAILED;
    }
}
