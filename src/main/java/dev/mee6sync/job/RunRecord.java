package dev.mee6sync.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One run id's run of a job, its {@code sync_run} row (the table keeps its first name: operators query it): RUNNING
 * while it works, then COMPLETED or FAILED with its stats or error.
 */
@Entity
@Table(name = "sync_run")
public class RunRecord extends PanacheEntityBase {

    @Id
    @Column(name = "sync_id")
    private String runId;

    @Column(name = "job", nullable = false)
    private String job;

    @Column(name = "trigger", nullable = false)
    private String trigger;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    private RunStatus status;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    /** The run's time (its tick, or when it started): the streak job waits for the sync by it. */
    @Column(name = "run_time", nullable = false)
    private Instant runTime;

    @Column(name = "completed_at")
    private Instant completedAt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "stats")
    private String stats;

    @Column(name = "error")
    private String error;

    protected RunRecord() {
        // for Hibernate
    }

    /**
     * Marks the run id as running: its first attempt, or again after a failed or interrupted one. Returns the
     * attempt, or 0 when the run id already completed (nothing left to do).
     */
    static int start(Run run, Instant now) {
        RunRecord row = findById(run.runId(), LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            row = new RunRecord();
            row.runId = run.runId();
            row.job = run.job();
            row.trigger = run.trigger();
            row.status = RunStatus.RUNNING;
            row.attempts = 1;
            row.startedAt = now;
            row.runTime = run.runTime();
            row.persist();
            return 1;
        }
        if (!row.job.equals(run.job())) {
            throw new JobFailure("Run id " + run.runId() + " belongs to a run of the job " + row.job
                    + ": give this run of " + run.job() + " another syncId");
        }
        if (row.status == RunStatus.COMPLETED) {
            return 0;
        }
        row.status = RunStatus.RUNNING;
        row.attempts++;
        row.completedAt = null;
        row.error = null;
        return row.attempts;
    }

    /** Closes this job's runs still marked RUNNING (their process stopped without recording an end): failed. */
    static List<String> closeAbandoned(String job, Instant now) {
        List<RunRecord> running = list("job = ?1 and status = ?2 order by startedAt", job, RunStatus.RUNNING);
        for (RunRecord stale : running) {
            stale.status = RunStatus.FAILED;
            stale.completedAt = now;
            stale.error = JobState.ABANDONED;
        }
        return running.stream().map(stale -> stale.runId).toList();
    }

    /** The latest time of {@code job}'s completed runs; empty before the first completes. */
    public static Optional<Instant> lastCompletedRunTime(String job) {
        // the status as a literal: the partial index sync_run_completed_time_idx answers it
        return Optional.ofNullable(getEntityManager().createQuery("select max(r.runTime) from RunRecord r "
                + "where r.job = ?1 and r.status = dev.mee6sync.job.RunStatus.COMPLETED", Instant.class)
                .setParameter(1, job).getSingleResult());
    }

    /** The earliest time of {@code job}'s runs on record, whatever their outcome; empty before the first. */
    public static Optional<Instant> firstRunTime(String job) {
        return Optional.ofNullable(getEntityManager().createQuery("select min(r.runTime) from RunRecord r "
                + "where r.job = ?1", Instant.class).setParameter(1, job).getSingleResult());
    }

    /** Records how the run ended, with its stats as JSON. */
    static void end(String runId, RunOutcome outcome, Instant completedAt, String statsJson) {
        RunRecord row = findById(runId);
        if (row != null) {
            row.status = outcome.failed() ? RunStatus.FAILED : RunStatus.COMPLETED;
            row.completedAt = completedAt;
            row.stats = statsJson;
            row.error = outcome.failed() ? outcome.message() : null;
        }
    }
}
