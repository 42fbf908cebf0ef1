package dev.mee6sync.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The job's memory across invocations (Lambda keeps none): consecutive failures and whether ops were alerted for the
 * current outage. Updated atomically in SQL by {@code FailureCounter}; read here.
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

    @Column(name = "alerted_at")
    public Instant alertedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
