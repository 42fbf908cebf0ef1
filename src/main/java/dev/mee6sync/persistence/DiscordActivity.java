package dev.mee6sync.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * What one sync saw of one member: the XP total (0 when absent from the leaderboard), the delta since the last
 * observed XP (null on a baseline or an absence) and the XP carried to the next sync. Written in batches by the sync.
 */
@Entity
@Immutable
@Table(name = "discord_activity")
public class DiscordActivity extends PanacheEntityBase {

    public static final String TYPE_MESSAGE = "MESSAGE";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "member_id", nullable = false)
    public long memberId;

    @Column(name = "discord_id", nullable = false)
    public String discordId;

    @Column(name = "activity_type", nullable = false)
    public String activityType;

    @Column(name = "xp_total", nullable = false)
    public long xpTotal;

    @Column(name = "xp_delta")
    public Long xpDelta;

    @Column(name = "leftover_xp", nullable = false)
    public int leftoverXp;

    @Column(name = "in_leaderboard", nullable = false)
    public boolean inLeaderboard;

    @Column(name = "sync_id", nullable = false)
    public String syncId;

    @Column(name = "synced_at", nullable = false)
    public Instant syncedAt;
}
