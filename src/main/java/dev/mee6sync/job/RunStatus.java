package dev.mee6sync.job;

/**
 * How a run of a job stands: {@code sync_run.status} (RUNNING, COMPLETED, FAILED) and the {@code status} of its stats.
 * Only FAILED counts toward the job's consecutive-failure alert.
 */
public enum RunStatus {
    /** Working, or stopped without recording its end (the next run of the job closes it as FAILED). */
    RUNNING,
    /** The job did its work (a sync: every member processed, some maybe by an earlier attempt of its run id). */
    COMPLETED,
    /** The job could not do its work; what was committed stays valid and a re-run of the run id resumes it. */
    FAILED,
    /** {@code MEE6_SYNC_ENABLED} is not true: nothing was read or written (never stored). */
    DISABLED,
    /** Another run of the job holds its lock, or this run id already completed: nothing was done (never stored). */
    SKIPPED
}
