package dev.mee6sync.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One ledger entry. Append-only (the database rejects updates and deletes); written by {@code LedgerWriter}, read
 * here.
 */
@Entity
@Immutable
@Table(name = "point_transaction")
public class PointTransaction extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "member_id", nullable = false)
    public long memberId;

    @Column(name = "action", nullable = false)
    public String action;

    @Column(name = "points", nullable = false)
    public int points;

    @Column(name = "sync_id")
    public String syncId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "metadata")
    public String metadata;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;
}
