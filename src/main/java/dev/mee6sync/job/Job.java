package dev.mee6sync.job;

import java.util.Optional;

/**
 * A job the {@link JobRunner} runs: the XP sync, the ledger audit, the streaks. The runner does what every job needs
 * (the lock, the run's record, its state machine and alerts, the log and metrics); a job does its work and says
 * what it did.
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
    void run(Run run, T tally) throws Exception;

    /** Something wrong a completed run found, for the job's warning channel; empty when all is well. */
    default Optional<Finding> finding(T tally) {
        return Optional.empty();
    }

    /**
     * The run's stats, whatever its outcome (a skipped or disabled run's tally is empty).
     *
     * @param consecutiveFailures failed runs in a row, this one included; null when the run did not touch the count
     */
    S stats(Run run, T tally, RunOutcome outcome, Integer consecutiveFailures);
}
