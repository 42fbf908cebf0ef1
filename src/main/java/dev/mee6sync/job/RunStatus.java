package dev.mee6sync.job;

/** How a run of a job ended. Only FAILED counts toward the job's consecutive-failure alert. */
public enum RunStatus {
    /** The job did its work (a sync: every member processed, some maybe by an earlier attempt of its sync id). */
    COMPLETED,
    /** The job could not do its work; what was committed stays valid and a re-run of the sync id resumes it. */
    FAILED,
    /** {@code MEE6_SYNC_ENABLED} is not true: nothing was read or written. */
    DISABLED,
    /** Another run of the job holds its lock, or this sync id already completed: nothing was done, and that is fine. */
    SKIPPED
}
