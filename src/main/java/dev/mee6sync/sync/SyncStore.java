package dev.mee6sync.sync;

import static dev.mee6sync.persistence.SqlArrays.column;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sync's reads and writes of members and activity rows: one query for every member's state, one statement per
 * batch of activity rows. Never a statement per member.
 */
@ApplicationScoped
public class SyncStore {

    /**
     * One index-only probe of a member's latest row gives its leftover, and its last observed XP when that row is a
     * reading; only members whose latest row is an absence need a second probe, into the index of readings. Neither
     * cost grows with the length of the history.
     */
    private static final String MEMBER_STATE = """
            SELECT m.id, m.discord_id, latest.leftover_xp,
                   CASE WHEN latest.in_leaderboard THEN latest.xp_total
                        WHEN latest.in_leaderboard IS NOT NULL THEN (
                            SELECT a.xp_total FROM discord_activity a WHERE a.member_id = m.id AND a.in_leaderboard
                            ORDER BY a.id DESC LIMIT 1)
                   END AS last_observed_xp,
            """;

    private static final String FROM_LINKED_MEMBERS = """
             AS already_synced
            FROM member m
            LEFT JOIN LATERAL (
                SELECT a.leftover_xp, a.in_leaderboard, a.xp_total FROM discord_activity a WHERE a.member_id = m.id
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
            INSERT INTO discord_activity
                (member_id, discord_id, activity_type, xp_total, xp_delta, leftover_xp, in_leaderboard, sync_id)
            SELECT t.member_id, t.discord_id, 'MESSAGE', t.xp_total, t.xp_delta, t.leftover_xp, t.in_leaderboard, ?
            FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::bigint[], ?::int[], ?::boolean[])
                AS t(member_id, discord_id, xp_total, xp_delta, leftover_xp, in_leaderboard)
            ON CONFLICT (member_id, sync_id) DO NOTHING
            RETURNING member_id
            """;

    /** Rows fetched per round trip while loading members: bounds memory for large guilds. */
    private static final int FETCH_SIZE = 10_000;

    /**
     * Every linked member with its last state. Runs in the connection's current transaction.
     *
     * @param resumed whether earlier attempts of this sync id ran (then members they recorded are marked)
     */
    public List<MemberState> loadMembers(Connection connection, String syncId, boolean resumed) throws SQLException {
        List<MemberState> members = new ArrayList<>();
        try (PreparedStatement statement = resumed
                ? connection.prepareStatement(LOAD_MEMBERS_RESUMED)
                : connection.prepareStatement(LOAD_MEMBERS_FIRST_ATTEMPT)) {
            statement.setFetchSize(FETCH_SIZE); // a cursor, when the connection is not in autocommit
            if (resumed) {
                statement.setString(1, syncId);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    int leftover = rows.getInt(3);
                    boolean hasHistory = !rows.wasNull();
                    long observed = rows.getLong(4);
                    Long lastObserved = rows.wasNull() ? null : observed;
                    members.add(new MemberState(rows.getLong(1), rows.getString(2), hasHistory, lastObserved, leftover,
                            rows.getBoolean(5)));
                }
            }
        }
        return members;
    }

    /**
     * Inserts the activity rows of one batch, in the connection's current transaction. Returns the members whose row
     * was written; a member missing from it already had a row for this sync id (a replay), so nothing else must be
     * written for it.
     */
    public Set<Long> insertActivity(Connection connection, String syncId, List<ActivityRow> rows) throws SQLException {
        Set<Long> written = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(INSERT_ACTIVITY)) {
            statement.setString(1, syncId);
            statement.setArray(2, column(connection, "int8", rows, ActivityRow::memberId));
            statement.setArray(3, column(connection, "text", rows, ActivityRow::discordId));
            statement.setArray(4, column(connection, "int8", rows, ActivityRow::xpTotal));
            statement.setArray(5, column(connection, "int8", rows, ActivityRow::xpDelta));
            statement.setArray(6, column(connection, "int4", rows, ActivityRow::leftoverXp));
            statement.setArray(7, column(connection, "bool", rows, ActivityRow::inLeaderboard));
            try (ResultSet inserted = statement.executeQuery()) {
                while (inserted.next()) {
                    written.add(inserted.getLong(1));
                }
            }
        }
        return written;
    }
}
