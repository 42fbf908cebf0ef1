package dev.mee6sync.testing;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The ledger's invariants (../shared/NOTES.md part 2), read straight from the database: the tests check them after
 * every run they make, whatever they injected.
 */
@ApplicationScoped
public class LedgerInvariants {

    /**
     * Conservation per member: the units paid (from each transaction's audit metadata) times 100, plus the XP the
     * latest row carries, equal the XP moved since the baseline (the first reading, or 0 when the member was absent
     * at its first sync). Holds while the action stays enabled (disabling forfeits units by design).
     */
    private static final String CONSERVATION = """
            WITH units AS (
                SELECT member_id, sum((metadata ->> 'units')::bigint) AS units FROM point_transaction
                WHERE action = 'discord_activity' GROUP BY member_id
            ), first AS (
                SELECT DISTINCT ON (member_id) member_id, CASE WHEN in_leaderboard THEN xp_total ELSE 0 END AS baseline
                FROM discord_activity ORDER BY member_id, id
            ), latest AS (
                SELECT DISTINCT ON (member_id) member_id, leftover_xp FROM discord_activity ORDER BY member_id, id DESC
            ), observed AS (
                SELECT DISTINCT ON (member_id) member_id, xp_total FROM discord_activity WHERE in_leaderboard
                ORDER BY member_id, id DESC
            )
            SELECT f.member_id, coalesce(u.units, 0) * 100 + l.leftover_xp, coalesce(o.xp_total, 0) - f.baseline
            FROM first f JOIN latest l USING (member_id)
            LEFT JOIN observed o USING (member_id) LEFT JOIN units u USING (member_id)
            WHERE coalesce(u.units, 0) * 100 + l.leftover_xp <> coalesce(o.xp_total, 0) - f.baseline
            """;

    /** Completed syncs that miss a linked member, or hold a row for a member twice. */
    private static final String ONE_ROW_PER_COMPLETED_SYNC = """
            SELECT r.sync_id, m.id, count(a.id)
            FROM sync_run r CROSS JOIN member m
            LEFT JOIN discord_activity a ON a.member_id = m.id AND a.sync_id = r.sync_id
            WHERE r.status = 'COMPLETED' AND m.discord_id IS NOT NULL AND m.created_at < r.started_at
            GROUP BY r.sync_id, m.id HAVING count(a.id) <> 1
            """;

    private final TestDatabase db;

    public LedgerInvariants(TestDatabase db) {
        this.db = db;
    }

    /** Every violated invariant, described; empty when the ledger is sound. */
    public List<String> violations() {
        List<String> violations = new ArrayList<>();
        for (List<Object> row : db.balanceMismatches()) {
            violations.add("member " + row.get(0) + ": total_points " + row.get(1) + " <> sum of transactions " + row.get(2));
        }
        for (List<Object> row : db.query(CONSERVATION)) {
            violations.add("member " + row.get(0) + ": units*100 + leftover = " + row.get(1) + " but XP moved " + row.get(2));
        }
        for (List<Object> row : db.query(ONE_ROW_PER_COMPLETED_SYNC)) {
            violations.add("completed sync " + row.get(0) + ": member " + row.get(1) + " has " + row.get(2) + " activity rows");
        }
        for (List<Object> row : db.query("SELECT member_id, action, sync_id, count(*) FROM point_transaction "
                + "WHERE sync_id IS NOT NULL GROUP BY 1, 2, 3 HAVING count(*) > 1")) {
            violations.add("member " + row.get(0) + " paid " + row.get(3) + " times in sync " + row.get(2));
        }
        return violations;
    }
}
