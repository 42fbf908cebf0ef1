package dev.mee6sync.job;

import java.util.Optional;
import java.util.Set;

/**
 * A job the {@link JobRunner} runs: the MEE6 sync, the ledger audit, the streaks. The runner does everything every job
 * needs (the lock, {@code sync_run}, the failure counter and its alerts, the warning channel, the log and metrics);
 * a job does its work and says what it did.
 *
 * @param <T> the job's tally: what a run has done so far, kept also when it fails half-way
 * @param <S> the job's stats: what the Lambda returns and {@code sync_run.stats} stores
 */
public interface Job<T, S extends JobStats> {

    /** The job's name: its {@code sync_run.job}, {@code sync_state.job}, EMF dimension and event {@code job}. */
    String name();

    /** The job in the words of an alert: "3 consecutive {@code sync} failures". */
    String label();

    /** The start of its manual sync ids ({@code mee6-}); scheduled ids are {@link #scheduledIdPrefix()}{@code scheduled-<time>}. */
    String idPrefix();

    default String scheduledIdPrefix() {
        return idPrefix();
    }

    /** The event options it accepts (none by default). */
    default Set<String> options() {
        return Set.of();
    }

    /** Its Sentry cron monitor: the slug, and the schedule (an EventBridge expression) when one is configured. */
    String monitorSlug();

    Optional<String> monitorSchedule();

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
