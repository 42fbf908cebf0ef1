package dev.mee6sync.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The ledger's invariants (docs/ledger-rules.md, "7. What the audit checks"), each one set-based statement, in one
 * read-only, repeatable-read transaction: one consistent ledger while a sync commits beside it.
 */
@ApplicationScoped
public class LedgerChecks {

    /** Examples kept per invariant (the audit reports at most {@link AuditJob#MAX_EXAMPLES} in all). */
    static final int EXAMPLES = 20;

    private static final String SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

    /**
     * The connections' 60 s statement timeout guards the sync's short statements; the audit's checks read the whole
     * history (about 3 µs per activity row: 60 s at some 20 million rows), so they get the run's time instead.
     */
    private static final String TIMEOUT = "SELECT set_config('statement_timeout', ?, true)";

    private static final String MEMBERS = "SELECT count(*) FROM member";

    /** Every balance equals the sum of its transactions. */
    private static final String BALANCE = """
            SELECT m.id, m.total_points, coalesce(t.points, 0), count(*) OVER ()
            FROM member m
            LEFT JOIN (SELECT member_id, sum(points) AS points FROM point_transaction GROUP BY member_id) t
                ON t.member_id = m.id
            WHERE m.total_points <> coalesce(t.points, 0)
            ORDER BY m.id LIMIT 20
            """;

    /** Per member and provenance: invariant 2, conservation (docs/ledger-rules.md, "7. What the audit checks"). */
    private static final String CONSERVATION = """
            WITH readings AS (
                SELECT a.member_id, a.id, a.in_leaderboard, a.xp_total, a.xp_delta, a.leftover_xp, a.discord_id,
                       a.guild_id, a.epoch, a.provenance_since,
                       t.id IS NOT NULL AS paid, (t.metadata ->> 'units')::bigint AS paid_units,
                       -- the carry a row was converted with; the provenance's first row, the one it opened with
                       coalesce(lag(a.leftover_xp) OVER provenance, o.carried_xp, 0) AS carried_in,
                       CASE WHEN lag(a.id) OVER provenance IS NULL THEN coalesce(o.carried_xp, 0) END AS opening
                FROM discord_activity a
                LEFT JOIN point_transaction t
                    ON t.member_id = a.member_id AND t.action = 'discord_activity' AND t.sync_id = a.sync_id
                LEFT JOIN provenance_opening_carry o ON o.activity_id = a.id
                WINDOW provenance AS (PARTITION BY a.member_id, a.discord_id, a.guild_id, a.epoch, a.provenance_since
                                      ORDER BY a.id)
            ), provenances AS (
                SELECT member_id, discord_id, guild_id, epoch,
                       sum(CASE WHEN paid THEN paid_units
                                WHEN xp_delta IS NOT NULL THEN trunc((xp_delta + carried_in) / 100.0)
                                ELSE 0 END) AS units,
                       (array_agg(leftover_xp ORDER BY id DESC))[1] AS leftover,
                       (array_agg(xp_total ORDER BY id DESC) FILTER (WHERE in_leaderboard))[1] AS last_observed,
                       (array_agg(xp_total - coalesce(xp_delta, 0) ORDER BY id) FILTER (WHERE in_leaderboard))[1]
                           AS baseline,
                       sum(opening) AS opening
                FROM readings
                GROUP BY member_id, discord_id, guild_id, epoch, provenance_since
            )
            SELECT member_id, epoch, units, leftover, last_observed, baseline, opening, count(*) OVER ()
            FROM provenances
            WHERE units * 100 + leftover <> coalesce(last_observed, 0) - coalesce(baseline, 0) + opening
            ORDER BY member_id LIMIT 20
            """;

    /** At most one activity row per member per sync id. */
    private static final String ONE_ROW_PER_SYNC = """
            SELECT member_id, sync_id, count(*), count(*) OVER ()
            FROM discord_activity GROUP BY member_id, sync_id HAVING count(*) > 1
            ORDER BY member_id LIMIT 20
            """;

    /** Every discord_activity point transaction has its activity row. */
    private static final String TRANSACTION_WITHOUT_ACTIVITY = """
            SELECT t.member_id, t.sync_id, t.points, count(*) OVER ()
            FROM point_transaction t
            WHERE t.action = 'discord_activity'
              AND NOT EXISTS (SELECT 1 FROM discord_activity a
                              WHERE a.member_id = t.member_id AND a.sync_id = t.sync_id)
            ORDER BY t.member_id LIMIT 20
            """;

    private final Session session;

    public LedgerChecks(Session session) {
        this.session = session;
    }

    /** One broken invariant of one member, with the numbers that show it. */
    @RegisterForReflection
    public record Problem(long memberId, String invariant, Map<String, Object> numbers) {
    }

    /** @param problems per invariant, how many; @param examples at most {@value #EXAMPLES} per invariant */
    public record Findings(long membersChecked, Map<String, Long> problems, List<Problem> examples) {
    }

    /** @param deadline the run's deadline: no statement runs past it (null: the connection's statement timeout) */
    @Transactional
    public Findings check(Instant deadline) {
        return session.doReturningWork(c -> {
            try (PreparedStatement snapshot = c.prepareStatement(SNAPSHOT)) {
                snapshot.execute();
            }
            if (deadline != null) {
                long left = Math.max(1_000, Duration.between(Instant.now(), deadline).toMillis());
                try (PreparedStatement timeout = c.prepareStatement(TIMEOUT)) {
                    timeout.setString(1, left + "ms");
                    timeout.execute();
                }
            }
            long members;
            try (PreparedStatement statement = c.prepareStatement(MEMBERS); ResultSet row = statement.executeQuery()) {
                row.next();
                members = row.getLong(1);
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            List<Problem> examples = new ArrayList<>();
            collect(c.prepareStatement(BALANCE), "balance", counts, examples, (rows, numbers) -> {
                numbers.put("totalPoints", rows.getLong(2));
                numbers.put("sumOfTransactions", rows.getLong(3));
            });
            collect(c.prepareStatement(CONSERVATION), "conservation", counts, examples, (rows, numbers) -> {
                numbers.put("epoch", rows.getInt(2)); // the account and guild: the member's rows (no member data here)
                numbers.put("units", rows.getLong(3));
                numbers.put("leftoverXp", rows.getLong(4));
                numbers.put("lastObservedXp", rows.getObject(5));
                numbers.put("baselineXp", rows.getObject(6));
                numbers.put("openingCarryXp", rows.getLong(7));
            });
            collect(c.prepareStatement(ONE_ROW_PER_SYNC), "one-activity-row-per-sync", counts, examples,
                    (rows, numbers) -> {
                        numbers.put("syncId", rows.getString(2));
                        numbers.put("rows", rows.getLong(3));
                    });
            collect(c.prepareStatement(TRANSACTION_WITHOUT_ACTIVITY), "transaction-has-activity-row", counts, examples,
                    (rows, numbers) -> {
                        numbers.put("syncId", rows.getString(2));
                        numbers.put("points", rows.getLong(3));
                    });
            return new Findings(members, counts, examples);
        });
    }

    private interface Numbers {
        void read(ResultSet rows, Map<String, Object> numbers) throws SQLException;
    }

    private static void collect(PreparedStatement check, String invariant, Map<String, Long> counts,
            List<Problem> examples, Numbers numbers) throws SQLException {
        long total = 0;
        try (PreparedStatement statement = check; ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                total = rows.getLong(rows.getMetaData().getColumnCount());
                Map<String, Object> values = new LinkedHashMap<>();
                numbers.read(rows, values);
                examples.add(new Problem(rows.getLong(1), invariant, values));
            }
        }
        counts.put(invariant, total);
    }
}
