package dev.mee6sync.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A job's memory across invocations (Lambda keeps none), one row per job: its consecutive failures, the alerts owed to
 * ops until Sentry confirmed them, its warning channel (a degraded sync, a drifting ledger), and for the MEE6 sync the
 * current epoch and the last full read of the board. Changed only under {@link #lock}, so deciding an alert and
 * recording it stay atomic whoever else looks.
 */
@Entity
@Table(name = "sync_state")
public class SyncState extends PanacheEntityBase {

    @Id
    @Column(name = "job")
    public String job;

    @Column(name = "consecutive_failures", nullable = false)
    public int consecutiveFailures;

    @Column(name = "last_success_at")
    public Instant lastSuccessAt;

    @Column(name = "last_failure_at")
    public Instant lastFailureAt;

    @Column(name = "last_error")
    public String lastError;

    /** When Sentry confirmed the current outage's alert; null while none was confirmed. */
    @Column(name = "alerted_at")
    public Instant alertedAt;

    /** An outage alert is owed now, whatever the threshold (a mass change is alerted at once). */
    @Column(name = "alert_due", nullable = false)
    public boolean alertDue;

    /** The recovery event owed after an alerted outage ended; null when none is owed. */
    @Column(name = "recovery_message")
    public String recoveryMessage;

    /** Since when the job's warning condition holds (a degraded sync, ledger drift); null when it does not. */
    @Column(name = "condition_since")
    public Instant conditionSince;

    /** When Sentry confirmed the warning of the current condition; null while none was confirmed. */
    @Column(name = "condition_alerted_at")
    public Instant conditionAlertedAt;

    /** The resolution event owed after a warned condition ended; null when none is owed. */
    @Column(name = "condition_resolved_message")
    public String conditionResolvedMessage;

    /** The MEE6 sync's current epoch: a reading counts only against readings of the same epoch. */
    @Column(name = "epoch", nullable = false)
    public int epoch;

    /** The run that started the current epoch (a rebaseline), so that its re-runs do not start another. */
    @Column(name = "epoch_sync_id")
    public String epochSyncId;

    /** The time of the last run that read the whole board and completed. */
    @Column(name = "last_full_read_at")
    public Instant lastFullReadAt;

    /** How many players that board held. */
    @Column(name = "last_full_read_players")
    public Integer lastFullReadPlayers;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The job's row, locked until the transaction ends; created if someone deleted it, rather than lose the count. */
    public static SyncState lock(String job) {
        SyncState state = findById(job, LockModeType.PESSIMISTIC_WRITE);
        if (state == null) {
            state = new SyncState();
            state.job = job;
            state.updatedAt = Instant.now();
            state.persistAndFlush();
            state = findById(job, LockModeType.PESSIMISTIC_WRITE);
        }
        return state;
    }
}
