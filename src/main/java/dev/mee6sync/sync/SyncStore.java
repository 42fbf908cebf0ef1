package dev.mee6sync.sync;

import static dev.mee6sync.db.SqlArrays.column;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import dev.mee6sync.job.Run;
import dev.mee6sync.ledger.AwardDecision;
import dev.mee6sync.ledger.LedgerWriter;
import dev.mee6sync.ledger.PointRate;
import dev.mee6sync.ledger.PointRates;
import dev.mee6sync.persistence.BoardState;

/**
 * The sync's reads and writes, each method one transaction (Hibernate's, through Panache for the control row and a
 * Session's JDBC work for the set-based statements): one query for every member's state, two statements per batch of
 * members. Never a statement per member.
 */
@ApplicationScoped
public class SyncStore {

    private static final Logger LOG = Logger.getLogger(SyncStore.class);

    /**
     * A member's latest row carries everything the sync needs (its provenance, leftover, last observed XP in that
     * provenance and when that provenance began): one index-only probe per member, whatever the history's length.
     */
    private static final String MEMBER_STATE = """
            SELECT m.id, m.discord_id, latest.discord_id, latest.source, latest.guild_id, latest.epoch,
                   latest.leftover_xp,
                   CASE WHEN latest.in_leaderboard THEN latest.xp_total ELSE latest.observed_xp END,
                   latest.provenance_since,
            """;

    private static final String FROM_LINKED_MEMBERS = """
             AS already_synced
            FROM member m
            LEFT JOIN LATERAL (
                SELECT a.discord_id, a.source, a.guild_id, a.epoch, a.leftover_xp, a.in_leaderboard, a.xp_total,
                       a.observed_xp, a.provenance_since
                FROM discord_activity a WHERE a.member_id = m.id
                ORDER BY a.id DESC LIMIT 1
            ) latest ON true
            WHERE m.discord_id IS NOT NULL
            ORDER BY m.id
            """;

    /** A resumed sync id: each member is probed for a row of this sync, which an earlier attempt may have written. */
    private static final String LOAD_MEMBERS_RESUMED = MEMBER_STATE
            + "EXISTS (SELECT 1 FROM discord_activity a WHERE a.member_id = m.id AND a.sync_id = ?)"
            + FROM_LINKED_MEMBERS;

    /**
     * A sync id's first attempt: no member can have a row of it yet (only runs of a sync id write its rows, after its
     * sync_run row exists), so the probe is skipped; the unique key still guards every insert.
     */
    private static final String LOAD_MEMBERS_FIRST_ATTEMPT = MEMBER_STATE + "false" + FROM_LINKED_MEMBERS;

    private static final String INSERT_ACTIVITY = """
            INSERT INTO discord_activity (member_id, discord_id, source, guild_id, epoch, xp_total, xp_delta,
                                          leftover_xp, in_leaderboard, observed_xp, provenance_since, sync_id)
            SELECT t.member_id, t.discord_id, t.source, t.guild_id, t.epoch, t.xp_total, t.xp_delta, t.leftover_xp,
                   t.in_leaderboard, t.observed_xp, t.provenance_since::timestamptz, ?
            FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::int[], ?::bigint[], ?::bigint[], ?::int[],
                        ?::boolean[], ?::bigint[], ?::text[])
                AS t(member_id, discord_id, source, guild_id, epoch, xp_total, xp_delta, leftover_xp, in_leaderboard,
                     observed_xp, provenance_since)
            WHERE (SELECT assert_job_lock(?, ?, ?)) -- the run still holds its job lock (JobLock)
            ON CONFLICT (member_id, sync_id) DO NOTHING
            RETURNING member_id
            """;

    /** Rows fetched per round trip while loading members: bounds memory for large guilds. */
    private static final int FETCH_SIZE = 10_000;

    private final Session session;
    private final LedgerWriter ledger;

    public SyncStore(Session session, LedgerWriter ledger) {
        this.session = session;
        this.ledger = ledger;
    }

    /**
     * What a run starts from.
     *
     * @param rate    the discord_activity rate
     * @param board   the sync's memory of the board it reads (epoch, references, sweep)
     * @param members every linked member with its state, in member order
     */
    public record Start(PointRate rate, BoardState.Snapshot board, List<MemberState> members) {
    }

    /** The members whose activity row a batch wrote, and their balance after a deduction (null after an award). */
    public record Written(Set<Long> recorded, Map<Long, Long> balances) {
    }

    /** Reads the rate, the board's memory and every linked member's state, in one transaction. */
    @Transactional
    public Start load(Run run, String source, String guildId) {
        PointRate rate = PointRates.discordActivity();
        BoardState.Snapshot board = BoardState.snapshot(source, guildId);
        List<MemberState> members = session.doReturningWork(c -> loadMembers(c, run.runId(), run.resumed()));
        return new Start(rate, board, members);
    }

    /**
     * One batch, one transaction: its activity rows (checking the job lock), then the point transactions of the rows
     * that were new, and a rebaseline's epoch with its first batch (docs/architecture.md, "The job lock").
     */
    @Transactional
    public Written persist(Run run, List<SyncPlanner.Plan> plans, EpochStart epochStart) {
        Written written = session.doReturningWork(c -> {
            Set<Long> recorded = insertActivity(c, run, plans);
            List<AwardDecision> decisions = new ArrayList<>();
            for (SyncPlanner.Plan plan : plans) {
                if (plan.decision() != null && recorded.contains(plan.member().memberId())) {
                    decisions.add(plan.decision());
                }
            }
            return new Written(recorded, ledger.write(c, run.runId(), earnedAt(run), decisions));
        });
        if (epochStart != null) {
            startEpoch(run, BoardState.lock(epochStart.source(), epochStart.guildId()), epochStart);
        }
        return written;
    }

    /** A rebaseline's new epoch of a board (docs/ledger-rules.md, "5. Mass changes"). */
    public record EpochStart(String source, String guildId, int epoch) {
    }

    /**
     * When a run's points were earned: its tick less 1 s; null without a tick (docs/ledger-rules.md, "8. Weekday
     * streaks").
     */
    static Instant earnedAt(Run run) {
        return run.tick() == null ? null : run.tick().minusSeconds(1);
    }

    /**
     * A completed run's read, in the board's memory: the guard's references, the last full read and the sweep's
     * cursor; a rebaseline that wrote no batch starts its epoch here (one that did finds it started: once per run
     * id). A failed run never gets here. Returns the board's memory after it.
     */
    @Transactional
    public BoardState.Snapshot readCompleted(Run run, String source, String guildId, BoardState.Read read,
            EpochStart epochStart) {
        run.fence();
        BoardState board = BoardState.lock(source, guildId);
        if (epochStart != null) {
            startEpoch(run, board, epochStart);
        }
        return board.readCompleted(read);
    }

    private static void startEpoch(Run run, BoardState board, EpochStart start) {
        if (board.startEpoch(run.runId(), Instant.now())) {
            LOG.warnf("Run %s starts epoch %d of the %s board of guild %s (massChange: rebaseline): every member's "
                    + "next reading there is a baseline", run.runId(), start.epoch(), start.source(), start.guildId());
        }
    }

    private static List<MemberState> loadMembers(Connection connection, String syncId, boolean resumed)
            throws SQLException {
        List<MemberState> members = new ArrayList<>();
        try (PreparedStatement statement = resumed
                ? connection.prepareStatement(LOAD_MEMBERS_RESUMED)
                : connection.prepareStatement(LOAD_MEMBERS_FIRST_ATTEMPT)) {
            statement.setFetchSize(FETCH_SIZE); // a cursor: the transaction is not in autocommit
            if (resumed) {
                statement.setString(1, syncId);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    MemberState.LatestRow latest = null;
                    String latestDiscordId = rows.getString(3);
                    if (latestDiscordId != null) {
                        long observed = rows.getLong(8);
                        Long observedXp = rows.wasNull() ? null : observed;
                        Timestamp since = rows.getTimestamp(9);
                        latest = new MemberState.LatestRow(new Provenance(latestDiscordId, rows.getString(4),
                                rows.getString(5), rows.getInt(6)), rows.getInt(7), observedXp, since.toInstant());
                    }
                    members.add(new MemberState(rows.getLong(1), rows.getString(2), latest, rows.getBoolean(10)));
                }
            }
        }
        return members;
    }

    private static Set<Long> insertActivity(Connection connection, Run run, List<SyncPlanner.Plan> plans)
            throws SQLException {
        List<ActivityRow> rows = plans.stream().map(SyncPlanner.Plan::activity).toList();
        Set<Long> written = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(INSERT_ACTIVITY)) {
            statement.setString(1, run.runId());
            statement.setArray(2, column(connection, "int8", rows, ActivityRow::memberId));
            statement.setArray(3, column(connection, "text", rows, row -> row.provenance().discordId()));
            statement.setArray(4, column(connection, "text", rows, row -> row.provenance().source()));
            statement.setArray(5, column(connection, "text", rows, row -> row.provenance().guildId()));
            statement.setArray(6, column(connection, "int4", rows, row -> row.provenance().epoch()));
            statement.setArray(7, column(connection, "int8", rows, ActivityRow::xpTotal));
            statement.setArray(8, column(connection, "int8", rows, ActivityRow::xpDelta));
            statement.setArray(9, column(connection, "int4", rows, ActivityRow::leftoverXp));
            statement.setArray(10, column(connection, "bool", rows, ActivityRow::inLeaderboard));
            statement.setArray(11, column(connection, "int8", rows, ActivityRow::observedXp));
            statement.setArray(12, column(connection, "text", rows, row -> row.provenanceSince().toString()));
            run.bindFence(statement, 13);
            try (ResultSet inserted = statement.executeQuery()) {
                while (inserted.next()) {
                    written.add(inserted.getLong(1));
                }
            }
        }
        return written;
    }
}
