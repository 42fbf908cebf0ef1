package dev.mee6sync.persistence;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The sync's memory of one board, per XP source and guild (a switch or a guild move starts without one): its epoch,
 * the mass-change guard's references, the last full read and the rolling sweep's cursor (docs/ledger-rules.md).
 * Each change is a named method; the sync reads a {@link Snapshot}.
 */
@Entity
@Table(name = "board_state")
public class BoardState extends PanacheEntityBase {

    @EmbeddedId
    private Key key;

    @Column(name = "epoch", nullable = false)
    private int epoch;

    @Column(name = "epoch_sync_id")
    private String epochRunId;

    @Column(name = "reference_players")
    private Integer referencePlayers;

    @Column(name = "reference_top_xp")
    private Long referenceTopXp;

    @Column(name = "reference_at")
    private Instant referenceAt;

    @Column(name = "last_full_read_at")
    private Instant lastFullReadAt;

    @Column(name = "sweep_cursor", nullable = false)
    private int sweepCursor;

    @Column(name = "sweep_started_at")
    private Instant sweepStartedAt;

    @Column(name = "sweep_board_pages")
    private Integer sweepBoardPages;

    @Column(name = "sweep_completed_at")
    private Instant sweepCompletedAt;

    @Column(name = "sweep_last_slice_top_xp")
    private Long sweepLastSliceTopXp;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected BoardState() {
        // for Hibernate
    }

    private BoardState(Key key, Instant now) {
        this.key = key;
        this.updatedAt = now;
    }

    /** A board's row, as the sync starts from it. */
    public record Snapshot(String source, String guildId, int epoch, String epochRunId, Integer referencePlayers,
            Long referenceTopXp, Instant lastFullReadAt, int sweepCursor, Instant sweepStartedAt,
            Integer sweepBoardPages, Instant sweepCompletedAt, Long sweepLastSliceTopXp) {

        /** A board never read: epoch 0, no reference, a sweep from page 0. */
        public static Snapshot empty(String source, String guildId) {
            return new Snapshot(source, guildId, 0, null, null, null, null, 0, null, null, null, null);
        }
    }

    /** What a completed run read of the board, for its memory. */
    public record Read(Instant at, boolean fullRead, Integer players, Long topXp, Integer endPage,
            Integer sliceNextPage, Long sliceTopXp, boolean sliceReachedEnd) {

        boolean reachedEnd() {
            return endPage != null;
        }
    }

    /** The board's row as it is now, without locking it; {@link Snapshot#empty} when it has none. */
    public static Snapshot snapshot(String source, String guildId) {
        BoardState state = findById(new Key(source, guildId));
        return state == null ? Snapshot.empty(source, guildId) : state.snapshot();
    }

    /** The board's row, locked until the transaction ends; created when missing. */
    public static BoardState lock(String source, String guildId) {
        Key key = new Key(source, guildId);
        BoardState state = findById(key, LockModeType.PESSIMISTIC_WRITE);
        if (state == null) {
            new BoardState(key, Instant.now()).persistAndFlush();
            state = findById(key, LockModeType.PESSIMISTIC_WRITE);
        }
        return state;
    }

    /**
     * A rebaseline run's epoch, with its first writes: the next epoch, once per run id (its re-runs find the epoch
     * it started). Returns whether it started one now.
     */
    public boolean startEpoch(String runId, Instant now) {
        if (runId.equals(epochRunId)) {
            return false;
        }
        epoch++;
        epochRunId = runId;
        updatedAt = now;
        return true;
    }

    /**
     * A completed run's read: a run that reached the end of the board sets the guard's references and completes the
     * sweep (a new one starts at page 0); otherwise the sweep goes on from its slice's next page. A full read, or a
     * sweep reaching the end, is also a proof of absence at its time, which never moves back. Returns the board's
     * memory after it.
     */
    public Snapshot readCompleted(Read read) {
        if (read.fullRead() && (lastFullReadAt == null || read.at().isAfter(lastFullReadAt))) {
            lastFullReadAt = read.at();
        }
        if (read.reachedEnd()) {
            referencePlayers = read.players();
            if (read.topXp() != null) {
                referenceTopXp = read.topXp();
            }
            referenceAt = read.at();
            sweepCursor = 0;
            sweepStartedAt = null;
            sweepBoardPages = read.endPage() + 1;
            // a proof of absence never moves back: a late run of an older tick keeps the later proof
            if (sweepCompletedAt == null || !read.at().isBefore(sweepCompletedAt)) {
                sweepCompletedAt = read.at();
                sweepLastSliceTopXp = read.fullRead() ? null : read.sliceTopXp();
            }
        } else if (read.sliceReachedEnd()) {
            // the slice began past the end of a board that shrank: its size is unknown, the sweep starts over
            sweepCursor = 0;
            sweepStartedAt = null;
        } else if (read.sliceNextPage() != null) {
            if (sweepStartedAt == null) {
                sweepStartedAt = read.at();
            }
            sweepCursor = read.sliceNextPage();
        }
        updatedAt = Instant.now();
        return snapshot();
    }

    private Snapshot snapshot() {
        return new Snapshot(key.source, key.guildId, epoch, epochRunId, referencePlayers, referenceTopXp,
                lastFullReadAt, sweepCursor, sweepStartedAt, sweepBoardPages, sweepCompletedAt, sweepLastSliceTopXp);
    }

    /** The board: an XP source and a guild. */
    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "source", nullable = false)
        String source;

        @Column(name = "guild_id", nullable = false)
        String guildId;

        protected Key() {
            // for Hibernate
        }

        Key(String source, String guildId) {
            this.source = source;
            this.guildId = guildId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && source.equals(key.source) && guildId.equals(key.guildId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(source, guildId);
        }
    }
}
