package dev.mee6sync.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Points per action; {@value #DISCORD_ACTIVITY} holds the points per 100 MEE6 XP and its on/off switch. */
@Entity
@Table(name = "point_config")
public class PointConfig extends PanacheEntityBase {

    /** The action of the sync's point transactions, and its row here. */
    public static final String DISCORD_ACTIVITY = "discord_activity";

    @Id
    @Column(name = "action")
    public String action;

    @Column(name = "points", nullable = false)
    public int points;

    @Column(name = "enabled", nullable = false)
    public boolean enabled;

    @Column(name = "label")
    public String label;

    @Column(name = "updated_at", nullable = false, insertable = false)
    public Instant updatedAt;

    /** The {@value #DISCORD_ACTIVITY} row; null when someone deleted it. */
    public static PointConfig discordActivity() {
        return findById(DISCORD_ACTIVITY);
    }
}
