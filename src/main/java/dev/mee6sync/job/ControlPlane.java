package dev.mee6sync.job;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mee6sync.alert.Alert;

/**
 * The transactions of a run's control plane: each locks the job's {@link JobState} row first, applies one transition
 * and reads what it owes ops, so deciding an alert and recording it are atomic.
 */
@ApplicationScoped
public class ControlPlane {

    private final ObjectMapper json;

    public ControlPlane(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param attempt   the attempt of the run id, or 0 when it already completed (nothing to do)
     * @param abandoned run ids of this job that never recorded their end (each counted as a failed run)
     * @param owed      alerts owed now, when the abandoned runs made some due
     */
    public record Begin(int attempt, List<String> abandoned, List<Alert> owed) {
    }

    /** @param stats the run's stats, as stored (with the failure count); @param owed alerts owed now */
    public record End<S extends JobStats>(S stats, List<Alert> owed) {
    }

    /** The start of a run that holds the job's lock: closes the job's runs still RUNNING (each a failed run). */
    @Transactional
    public Begin begin(Run run, JobSpec spec, int threshold) {
        JobState state = JobState.lock(run.job());
        Instant now = Instant.now();
        List<String> abandoned = RunRecord.closeAbandoned(run.job(), now);
        abandoned.forEach(id -> state.runAbandoned(now));
        int attempt = RunRecord.start(run, now);
        // alerts still owed wait for this run's outcome (a success ends the outage), unless it just counted failures
        return new Begin(attempt, abandoned,
                abandoned.isEmpty() ? List.of() : state.owed(run.runId(), spec.label(), threshold, null));
    }

    /** How the run ended: the job's transition, the run's stats (which carry the failure count) and its row. */
    @Transactional
    public <T, S extends JobStats> End<S> end(Job<T, S> job, Run run, T tally, RunOutcome outcome, int threshold) {
        JobState state = JobState.lock(run.job());
        Instant now = Instant.now();
        if (outcome.failed()) {
            state.runFailed(outcome.message(), outcome.attentionKey(), now);
        } else {
            state.runCompleted(run.runId(), job.spec().label(), outcome.finding(), now);
        }
        S stats = job.stats(run, tally, outcome, state.consecutiveFailures());
        RunRecord.end(run.runId(), outcome, stats.completedAt(), toJson(stats));
        return new End<>(stats, state.owed(run.runId(), job.spec().label(), threshold, outcome.finding()));
    }

    /** Sentry confirmed an alert: it is no longer owed. */
    @Transactional
    public void delivered(String job, Alert alert) {
        JobState.lock(job).alertDelivered(alert, Instant.now());
    }

    private String toJson(JobStats stats) {
        try {
            return json.writeValueAsString(stats);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise the stats of run " + stats.runId(), e);
        }
    }
}
