package dev.mee6sync.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One sync id's run of a job: RUNNING while it works, then COMPLETED or FAILED with its stats or error. */
@Entity
@Table(name = "sync_run")
public class SyncRun extends PanacheEntityBase {

    public static final String RUNNING = "RUNNING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";

    @Id
    @Column(name = "sync_id")
    public String syncId;

    @Column(name = "job", nullable = false)
    public String job;

    @Column(name = "trigger", nullable = false)
    public String trigger;

    @Column(name = "status", nullable = false)
    public String status;

    @Column(name = "attempts", nullable = false)
    public int attempts;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    /**
     * The run's time: its schedule tick, or when it started for a run without one. The streak job waits for a
     * completed sync run at or after a day's end (docs/ledger-rules.md, "Weekday streaks").
     */
    @Column(name = "run_time", nullable = false)
    public Instant runTime;

    @Column(name = "completed_at")
    public Instant completedAt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "stats")
    public String stats;

    @Column(name = "error")
    public String error;

    /** The runs of {@code job} still marked RUNNING. */
    public static List<SyncRun> runningOf(String job) {
        return list("job = ?1 and status = ?2 order by startedAt", job, RUNNING);
    }

    /** The latest time of {@code job}'s completed runs; empty before the first completes. */
    public static Optional<Instant> lastCompletedRunTime(String job) {
        // the status as a literal: the partial index sync_run_completed_time_idx answers it
        return Optional.ofNullable(getEntityManager().createQuery("select max(r.runTime) from SyncRun r "
                + "where r.job = ?1 and r.status = 'COMPLETED'", Instant.class).setParameter(1, job).getSingleResult());
    }

    /** The earliest time of {@code job}'s runs on record, whatever their outcome; empty before the first. */
    public static Optional<Instant> firstRunTime(String job) {
        return Optional.ofNullable(getEntityManager().createQuery("select min(r.runTime) from SyncRun r "
                + "where r.job = ?1", Instant.class).setParameter(1, job).getSingleResult());
    }

    /** The row of a sync id, locked until the transaction ends; null when there is none yet. */
    public static SyncRun lock(String syncId) {
        return findById(syncId, LockModeType.PESSIMISTIC_WRITE);
    }
}
