package dev.mee6sync.testing;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The ledger's invariants (docs/ledger-rules.md), read straight from the database: the tests check them after
 * every run they make, whatever they injected.
 */
@ApplicationScoped
public class LedgerInvariants {

    /**
     * Conservation per member and provenance (an account, a guild, an epoch, from its first row): the units paid
     * (from each transaction's audit metadata) times 100, plus the XP the latest row carries, equal the XP moved since
     * the provenance's baseline (its first reading, or 0 when that reading was paid from 0), plus the carry a
     * migration recorded for a provenance cut from rows written before provenances existed. Holds while the action
     * stays enabled (disabling forfeits units by design).
     */
    private static final String CONSERVATION = """
            WITH rows AS (
                SELECT a.*, (t.metadata ->> 'units')::bigint AS units, o.carried_xp AS opening
                FROM discord_activity a
                LEFT JOIN point_transaction t
                    ON t.member_id = a.member_id AND t.action = 'discord_activity' AND t.sync_id = a.sync_id
                LEFT JOIN provenance_opening_carry o ON o.activity_id = a.id
            ), provenances AS (
                SELECT member_id, provenance_since, coalesce(sum(units), 0) AS units,
                       (array_agg(leftover_xp ORDER BY id DESC))[1] AS leftover,
                       (array_agg(xp_total ORDER BY id DESC) FILTER (WHERE in_leaderboard))[1] AS observed,
                       (array_agg(xp_total - coalesce(xp_delta, 0) ORDER BY id) FILTER (WHERE in_leaderboard))[1]
                           AS baseline,
                       coalesce(sum(opening), 0) AS opening
                FROM rows GROUP BY member_id, discord_id, guild_id, epoch, provenance_since
            )
            SELECT member_id, units * 100 + leftover, coalesce(observed, 0) - coalesce(baseline, 0) + opening
            FROM provenances
            WHERE units * 100 + leftover <> coalesce(observed, 0) - coalesce(baseline, 0) + opening
            """;

    /**
     * Completed syncs that hold a row of a member twice, or miss a linked member with a valid Discord id. A member is
     * owed a row by the syncs after its first row, while its account stays the one of its rows (a member re-linked,
     * unlinked for a while or with an invalid id meanwhile is checked by the tests that do it).
     */
    private static final String ONE_ROW_PER_COMPLETED_SYNC = """
            SELECT r.sync_id, m.id, count(a.id)
            FROM sync_run r CROSS JOIN member m
            LEFT JOIN discord_activity a ON a.member_id = m.id AND a.sync_id = r.sync_id
            WHERE r.job = 'mee6' AND r.status = 'COMPLETED' AND m.discord_id ~ '^[0-9]{15,20}$'
              AND r.started_at > (SELECT min(f.synced_at) FROM discord_activity f WHERE f.member_id = m.id)
              AND NOT EXISTS (SELECT 1 FROM discord_activity o
                              WHERE o.member_id = m.id AND o.discord_id <> m.discord_id)
            GROUP BY r.sync_id, m.id HAVING count(a.id) <> 1
            UNION ALL
            SELECT r.sync_id, m.id, 0
            FROM sync_run r CROSS JOIN member m
            WHERE r.job = 'mee6' AND r.status = 'COMPLETED' AND m.discord_id ~ '^[0-9]{15,20}$'
              AND m.created_at < r.started_at
              AND NOT EXISTS (SELECT 1 FROM discord_activity a WHERE a.member_id = m.id)
            UNION ALL
            SELECT sync_id, member_id, count(*) FROM discord_activity GROUP BY sync_id, member_id HAVING count(*) > 1
            """;

    private final TestDatabase db;

    public LedgerInvariants(TestDatabase db) {
        this.db = db;
    }

    /** Every violated invariant, described; empty when the ledger is sound. */
    public List<String> violations() {
        List<String> violations = new ArrayList<>();
        for (List<Object> row : db.balanceMismatches()) {
            violations.add("member " + row.get(0) + ": total_points " + row.get(1) + " <> sum of transactions "
                    + row.get(2));
        }
        for (List<Object> row : db.query(CONSERVATION)) {
            violations.add("member " + row.get(0) + ": units*100 + leftover = " + row.get(1) + " but XP moved "
                    + row.get(2));
        }
        for (List<Object> row : db.query(ONE_ROW_PER_COMPLETED_SYNC)) {
            violations.add("completed sync " + row.get(0) + ": member " + row.get(1) + " has " + row.get(2)
                    + " activity rows");
        }
        for (List<Object> row : db.query("SELECT member_id, action, sync_id, count(*) FROM point_transaction "
                + "WHERE sync_id IS NOT NULL GROUP BY 1, 2, 3 HAVING count(*) > 1")) {
            violations.add("member " + row.get(0) + " paid " + row.get(3) + " times in sync " + row.get(2));
        }
        return violations;
    }
}
