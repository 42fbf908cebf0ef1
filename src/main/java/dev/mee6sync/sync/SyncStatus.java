package dev.mee6sync.sync;

/** How a run ended. Only FAILED counts toward the consecutive-failure alert. */
public enum SyncStatus {
    /** Every member was processed (some may have been already, by an earlier attempt with the same sync id). */
    COMPLETED,
    /** The fetch failed, or the run could not finish; what was committed stays valid and a re-run resumes it. */
    FAILED,
    /** {@code MEE6_SYNC_ENABLED} is not true: nothing was read or written. */
    DISABLED,
    /** Another run holds the job lock, or this sync id already completed: nothing was done, and that is fine. */
    SKIPPED
}
