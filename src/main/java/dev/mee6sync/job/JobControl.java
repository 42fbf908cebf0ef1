package dev.mee6sync.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mee6sync.persistence.SyncRun;
import dev.mee6sync.persistence.SyncState;

/**
 * The control plane of every job, through Panache: its {@code sync_state} row (the failure counter, the alerts still
 * owed, the warning channel) and its {@code sync_run} rows. Each method is one transaction that locks the job's row
 * first, so the decisions taken in it (is this the failure that alerts? is an alert still owed?) are atomic.
 */
@ApplicationScoped
public class JobControl {

    static final String ABANDONED = "The run stopped without recording its end (a Lambda timeout or a crash); "
            + "a re-run of its sync id resumes it";

    private final ObjectMapper json;

    public JobControl(ObjectMapper json) {
        this.json = json;
    }

    /**
     * An alert owed to ops, decided under the job's lock; sent once the transaction committed.
     *
     * @param failures  the outage's consecutive failures (OUTAGE; 0 otherwise)
     * @param lastError the outage's last error (OUTAGE; null otherwise)
     */
    public record Owed(Alerts.Kind kind, String message, int failures, String lastError) {
    }

    /**
     * @param attempt   the attempt of the run's sync id, or 0 when it already completed (nothing to do)
     * @param abandoned sync ids of this job's runs that never recorded their end (each counted as a failed run)
     * @param owed      alerts owed now, when the abandoned runs made some due
     */
    public record Begin(int attempt, List<String> abandoned, List<Owed> owed) {
    }

    /** @param stats the run's final stats, as stored in {@code sync_run}; @param owed alerts owed now */
    public record Finish(JobStats stats, Integer consecutiveFailures, List<Owed> owed) {
    }

    /**
     * The start of a run that holds the job's lock: locks the job's row (so it waits for any transaction of a run
     * that held the lock before), closes the runs of this job still marked RUNNING (their process stopped without
     * recording an end: each is a failed run), and marks the run's sync id as running.
     */
    @Transactional
    public Begin begin(JobRun run, String label, int alertThreshold) {
        SyncState state = SyncState.lock(run.job());
        Instant now = Instant.now();
        List<String> abandoned = new ArrayList<>();
        for (SyncRun stale : SyncRun.runningOf(run.job())) {
            stale.status = SyncRun.FAILED;
            stale.completedAt = now;
            stale.error = ABANDONED;
            abandoned.add(stale.syncId);
            countFailure(state, ABANDONED, false, now);
        }
        int attempt = start(run, now);
        // alerts still owed wait for this run's outcome (a success ends the outage), unless it just counted failures
        return new Begin(attempt, abandoned, abandoned.isEmpty() ? List.of() : owed(state, label, alertThreshold, null));
    }

    /**
     * Records how the run ended: the failure counter (and what it owes ops), the warning channel, and the run's
     * {@code sync_run} row with its stats, which {@code stats} builds once the counter is known.
     */
    @Transactional
    public Finish finish(JobRun run, RunStatus status, String message, boolean alertNow, Condition condition,
            String label, int alertThreshold, IntFunction<JobStats> stats) {
        SyncState state = SyncState.lock(run.job());
        Instant now = Instant.now();
        if (status == RunStatus.FAILED) {
            countFailure(state, message, alertNow, now);
        } else {
            if (state.alertedAt != null) {
                state.recoveryMessage = "mee6-sync recovered: " + label + " " + run.syncId() + " completed after "
                        + state.consecutiveFailures + " consecutive failures (alerted at " + state.alertedAt + ")";
            }
            state.consecutiveFailures = 0;
            state.alertedAt = null;
            state.alertDue = false;
            state.lastSuccessAt = now;
            updateCondition(state, condition, label, run.syncId(), now);
        }
        state.updatedAt = now;
        JobStats finalStats = stats.apply(state.consecutiveFailures);
        SyncRun row = SyncRun.findById(run.syncId());
        if (row != null) {
            row.status = status == RunStatus.FAILED ? SyncRun.FAILED : SyncRun.COMPLETED;
            row.completedAt = finalStats.completedAt();
            row.stats = toJson(finalStats);
            row.error = status == RunStatus.FAILED ? message : null;
        }
        return new Finish(finalStats, state.consecutiveFailures,
                owed(state, label, alertThreshold, status == RunStatus.COMPLETED ? condition : null));
    }

    /** Sentry confirmed an alert: it is no longer owed. */
    @Transactional
    public void delivered(String job, Alerts.Kind kind) {
        SyncState state = SyncState.lock(job);
        Instant now = Instant.now();
        switch (kind) {
            case OUTAGE -> {
                if (state.consecutiveFailures > 0 && state.alertedAt == null) {
                    state.alertedAt = now;
                    state.alertDue = false;
                }
            }
            case RECOVERY -> state.recoveryMessage = null;
            case WARNING -> {
                if (state.conditionSince != null) {
                    state.conditionAlertedAt = now;
                }
            }
            case RESOLVED -> state.conditionResolvedMessage = null;
        }
        state.updatedAt = now;
    }

    private static void countFailure(SyncState state, String error, boolean alertNow, Instant now) {
        state.consecutiveFailures++;
        state.lastFailureAt = now;
        state.lastError = error;
        state.alertDue |= alertNow;
    }

    /** The warning channel: opened by a completed run that found something wrong, closed by a clean one. */
    private static void updateCondition(SyncState state, Condition condition, String label, String syncId,
            Instant now) {
        if (condition != null) {
            if (state.conditionSince == null) {
                state.conditionSince = now;
            }
            return;
        }
        if (state.conditionSince != null && state.conditionAlertedAt != null) {
            state.conditionResolvedMessage = "mee6-sync: resolved: " + label + " " + syncId + " completed cleanly "
                    + "(the warning of " + state.conditionAlertedAt + " no longer holds)";
        }
        state.conditionSince = null;
        state.conditionAlertedAt = null;
    }

    /** What the job owes ops now, in the order to send it: an old outage's recovery before a new outage's alert. */
    private static List<Owed> owed(SyncState state, String label, int threshold, Condition condition) {
        List<Owed> owed = new ArrayList<>();
        if (state.recoveryMessage != null) {
            owed.add(new Owed(Alerts.Kind.RECOVERY, state.recoveryMessage, 0, null));
        }
        int failures = state.consecutiveFailures;
        if (state.alertedAt == null && failures > 0 && (state.alertDue || failures >= threshold)) {
            String why = failures >= threshold ? "" : " (alerted at once: it needs an operator's decision)";
            owed.add(new Owed(Alerts.Kind.OUTAGE, "mee6-sync: " + failures + " consecutive " + label + " failures"
                    + why + ". Last error: " + state.lastError, failures, String.valueOf(state.lastError)));
        }
        if (condition != null && state.conditionSince != null && state.conditionAlertedAt == null) {
            owed.add(new Owed(Alerts.Kind.WARNING, "mee6-sync: " + condition.text(), 0, null));
        }
        if (state.conditionResolvedMessage != null) {
            owed.add(new Owed(Alerts.Kind.RESOLVED, state.conditionResolvedMessage, 0, null));
        }
        return owed;
    }

    /** Marks the sync id as running: its first attempt, or again after a failed or interrupted one (0: completed). */
    private static int start(JobRun run, Instant now) {
        SyncRun row = SyncRun.lock(run.syncId());
        if (row == null) {
            row = new SyncRun();
            row.syncId = run.syncId();
            row.job = run.job();
            row.trigger = run.trigger();
            row.status = SyncRun.RUNNING;
            row.attempts = 1;
            row.startedAt = now;
            row.runTime = run.runTime(); // the streak job waits for the sync by it (docs/ledger-rules.md, section 8)
            row.persist();
            return 1;
        }
        if (!row.job.equals(run.job())) {
            throw new JobFailure("Sync id " + run.syncId() + " belongs to a run of the job " + row.job
                    + ": give this run of " + run.job() + " another syncId");
        }
        if (SyncRun.COMPLETED.equals(row.status)) {
            return 0;
        }
        row.status = SyncRun.RUNNING;
        row.attempts++;
        row.completedAt = null;
        row.error = null;
        return row.attempts;
    }

    private String toJson(JobStats stats) {
        try {
            return json.writeValueAsString(stats);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise the stats of sync " + stats.syncId(), e);
        }
    }
}
