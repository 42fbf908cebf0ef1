-- A sync updates each paid member's row once per batch. Free space on member's pages lets those updates stay on
-- the page (HOT updates: no index maintenance). Rows written from now on get it; VACUUM FULL member repacks old ones.
ALTER TABLE member SET (fillfactor = 80);

-- The balance trigger also stamps last_active_at when a statement earns a member points, so a member row is updated
-- once per ledger statement instead of twice (balance, then activity). last_active_at: when the member last earned
-- points, whoever wrote the transaction.
CREATE OR REPLACE FUNCTION point_transaction_apply_to_balance() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    UPDATE member m
    SET total_points   = m.total_points + t.points,
        last_active_at = CASE WHEN t.earned THEN now() ELSE m.last_active_at END,
        updated_at     = now()
    FROM (SELECT member_id, sum(points) AS points, bool_or(points > 0) AS earned
          FROM new_rows GROUP BY member_id) t
    WHERE m.id = t.member_id;
    RETURN NULL;
END
$$;

-- A member's latest row answers the sync's whole question (its leftover, and its last observed XP when it was on the
-- board): one index-only probe per member. The partial index is left for members whose latest row is an absence.
DROP INDEX discord_activity_member_latest_idx;
CREATE INDEX discord_activity_member_latest_idx ON discord_activity (member_id, id DESC)
    INCLUDE (leftover_xp, in_leaderboard, xp_total);
