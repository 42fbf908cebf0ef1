package dev.mee6sync.persistence;

import java.time.Instant;
import java.util.List;

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

    /** The row of a sync id, locked until the transaction ends; null when there is none yet. */
    public static SyncRun lock(String syncId) {
        return findById(syncId, LockModeType.PESSIMISTIC_WRITE);
    }
}
