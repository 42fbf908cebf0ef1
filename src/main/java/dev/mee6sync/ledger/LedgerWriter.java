package dev.mee6sync.ledger;

import static dev.mee6sync.db.SqlArrays.column;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mee6sync.persistence.PointConfig;

/**
 * Writes point transactions for many members in one statement, idempotent by the unique key and
 * {@code ON CONFLICT DO NOTHING}; balances follow through the ledger's trigger (docs/ledger-rules.md, "6. Idempotency,
 * atomicity, balance").
 */
@ApplicationScoped
public class LedgerWriter {

    /**
     * Balances are returned for deductions only: the audit log of a deduction says where it left the member. The
     * earning time is kept only within the bound of {@code point_transaction_activity_near_creation} (V4), against
     * the database's clock as {@code created_at} is: a tick outside it counts on the day the row is written.
     */
    private static final String INSERT = """
            WITH input AS (
                SELECT * FROM unnest(?::bigint[], ?::int[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[])
                    AS t(member_id, points, xp_delta, effective_xp, units, leftover_xp)
            ), earned AS (
                SELECT CASE WHEN at > now() - interval '26 hours' AND at <= now() + interval '5 minutes' THEN at END
                           AS activity_at
                FROM (SELECT ?::timestamptz AS at) given
            ), inserted AS (
                INSERT INTO point_transaction (member_id, action, points, sync_id, metadata, activity_at)
                SELECT member_id, ?, points, ?,
                       -- the audit trail: how the points were computed
                       jsonb_build_object('xpDelta', xp_delta, 'effectiveXp', effective_xp, 'units', units,
                                          'leftoverXp', leftover_xp),
                       (SELECT activity_at FROM earned)
                FROM input
                ON CONFLICT (member_id, action, sync_id) DO NOTHING
                RETURNING member_id, points
            )
            SELECT member_id,
                   CASE WHEN points < 0 THEN (SELECT total_points FROM member WHERE id = member_id) + points END
            FROM inserted
            """;

    /**
     * Writes the transactions of {@code decisions} that carry points, on {@code connection} and inside its current
     * transaction (the caller commits). Returns the members whose transaction was written, with their balance after
     * a deduction (null after an award); a member missing from it had one for this sync id already.
     *
     * @param earnedAt when the points were earned ({@code activity_at}); null: now (docs/ledger-rules.md, "8. Weekday
     *                 streaks")
     */
    public Map<Long, Long> write(Connection connection, String syncId, Instant earnedAt,
            List<AwardDecision> decisions) throws SQLException {
        List<AwardDecision> paying = new ArrayList<>(decisions.size());
        for (AwardDecision decision : decisions) {
            if (decision.writesTransaction()) {
                paying.add(decision);
            }
        }
        if (paying.isEmpty()) {
            return Map.of();
        }
        Map<Long, Long> balances = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setArray(1, column(connection, "int8", paying, AwardDecision::memberId));
            statement.setArray(2, column(connection, "int4", paying, AwardDecision::points));
            statement.setArray(3, column(connection, "int8", paying, AwardDecision::xpDelta));
            statement.setArray(4, column(connection, "int8", paying, decision -> decision.conversion().effectiveXp()));
            statement.setArray(5, column(connection, "int8", paying, decision -> decision.conversion().units()));
            statement.setArray(6, column(connection, "int4", paying, AwardDecision::leftoverXp));
            statement.setObject(7, earnedAt == null ? null : earnedAt.atOffset(ZoneOffset.UTC),
                    Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setString(8, PointConfig.DISCORD_ACTIVITY);
            statement.setString(9, syncId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long balance = rows.getLong(2);
                    balances.put(rows.getLong(1), rows.wasNull() ? null : balance);
                }
            }
        }
        return balances;
    }
}
