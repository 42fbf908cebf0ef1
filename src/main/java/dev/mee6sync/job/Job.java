package dev.mee6sync.job;

import java.util.Optional;

/**
 * A job the {@link JobRunner} runs: the MEE6 sync, the ledger audit, the streaks. The runner does everything every job
 * needs (the lock, {@code sync_run}, the failure counter and its alerts, the warning channel, the log and metrics);
 * a job does its work and says what it did.
 *
 * @param <T> the job's tally: what a run has done so far, kept also when it fails half-way
 * @param <S> the job's stats: what the Lambda returns and {@code sync_run.stats} stores
 */
public interface Job<T, S extends JobStats> {

    /** Its name, ids, options and monitor. */
    JobSpec spec();

    default String name() {
        return spec().name();
    }

    T newTally();

    /** Does the run's work, tallying as it goes; a failure is thrown (the tally keeps what was done). */
    void run(JobRun run, T tally) throws Exception;

    /** Something wrong a completed run found, for the job's warning channel; empty when all is well. */
    default Optional<Condition> condition(T tally) {
        return Optional.empty();
    }

    /** The run's stats, whatever its outcome (a skipped or disabled run's tally is empty). */
    S stats(JobRun run, T tally, RunStatus status, String message, Integer consecutiveFailures);
}
