package dev.mee6sync.persistence;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A weekday the streak job evaluated. Written by the job's set-based statement in the same transaction as that day's
 * member updates; its primary key is what makes each weekday count exactly once.
 */
@Entity
@Immutable
@Table(name = "streak_day")
public class StreakDay extends PanacheEntityBase {

    @Id
    @Column(name = "day")
    public LocalDate day;

    @Column(name = "sync_id", nullable = false)
    public String syncId;

    @Column(name = "evaluated_at", nullable = false)
    public Instant evaluatedAt;

    /** The last weekday evaluated so far; empty before the job's first run. */
    public static Optional<LocalDate> lastEvaluated() {
        return find("order by day desc").<StreakDay>firstResultOptional().map(d -> d.day);
    }
}
