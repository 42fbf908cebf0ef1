package dev.mee6sync.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A community member. Only members with a {@code discordId} take part in the sync. */
@Entity
@Table(name = "member")
public class Member extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "discord_id", unique = true)
    public String discordId;

    @Column(name = "discord_username")
    public String discordUsername;

    /** Maintained by the database from point_transaction rows; never written from here. */
    @Column(name = "total_points", nullable = false, insertable = false, updatable = false)
    public long totalPoints;

    @Column(name = "current_streak", nullable = false)
    public int currentStreak;

    @Column(name = "last_active_at")
    public Instant lastActiveAt;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false, insertable = false)
    public Instant updatedAt;

    public static Member findByDiscordId(String discordId) {
        return find("discordId", discordId).firstResult();
    }
}
