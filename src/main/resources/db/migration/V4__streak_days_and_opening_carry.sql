-- Streak days follow the XP, and the audit knows the carries that history opened provenances with
-- (docs/ledger-rules.md, sections 7 to 9). New columns and a new table only: no name changes.

-- --- When points were earned -------------------------------------------------------------------------------------------
-- activity_at: when a transaction's points were earned, where that is not when the row was written (NULL: its
-- created_at). The sync's run of schedule tick T writes T - 1 s: the 00:00 tick pays the XP of the day before
-- (docs/ledger-rules.md, "Weekday streaks"). The ledger is append-only, so it is written with the row, never after.
ALTER TABLE point_transaction ADD COLUMN activity_at timestamptz;

-- A scheduled run may resume up to MEE6_EVENT_MAX_AGE (25 h) after its tick and write for up to the Lambda's 15 min,
-- and a tick may be up to 5 min ahead of the clock: activity_at lies in (created_at - 26 h, created_at + 5 min]. The
-- streak job relies on this bound to find a day's activity through the BRIN index on created_at (StreakStore); the
-- sync leaves activity_at NULL for a tick outside it (LedgerWriter). Every existing row is NULL: nothing to check.
ALTER TABLE point_transaction ADD CONSTRAINT point_transaction_activity_near_creation
    CHECK (activity_at > created_at - interval '26 hours' AND activity_at <= created_at + interval '5 minutes');

-- --- The time of a run -------------------------------------------------------------------------------------------------
-- run_time: the run's schedule tick, or when it started for a run without one (JobRun.runTime). The streak job
-- evaluates a weekday once a completed sync run's time is at or after the next midnight. Older rows get when they
-- started: a scheduled run starts at or after its tick.
ALTER TABLE sync_run ADD COLUMN run_time timestamptz;
UPDATE sync_run SET run_time = started_at;
ALTER TABLE sync_run ALTER COLUMN run_time SET NOT NULL;

-- "How far has the sync completed?": one index probe.
CREATE INDEX sync_run_completed_time_idx ON sync_run (job, run_time DESC) WHERE status = 'COMPLETED';

-- --- Opening carries ---------------------------------------------------------------------------------------------------
-- Since V3 every provenance opens with leftover 0: its first row is a baseline or an absence, without a delta. Rows
-- written before V3 did not know provenances: V2 carried the leftover across a re-link, and V3 cut such a member's rows
-- into provenances afterwards, so a provenance it cut may have opened with a carry. The audit's conservation counts
-- that carry from here (docs/ledger-rules.md, "What the audit checks"). Written by migrations only: a migration that
-- cuts provenances again records what it cuts here (recorded_by); the sync never writes it.
CREATE TABLE provenance_opening_carry (
    -- the provenance's first activity row
    activity_id bigint PRIMARY KEY REFERENCES discord_activity (id) ON DELETE CASCADE,
    -- the XP carried into that row from the member's row before it
    carried_xp  int         NOT NULL CHECK (carried_xp > -100 AND carried_xp < 100 AND carried_xp <> 0),
    recorded_by text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

-- The carry a provenance's first row was written with, from the rows as the code of their time wrote them: an absence
-- carries its leftover through unchanged (V2; since V3 an opening absence has 0); a reading with a delta was
-- converted with the leftover of the member's row before it (V2); a baseline starts from 0. One pass over the rows.
INSERT INTO provenance_opening_carry (activity_id, carried_xp, recorded_by)
SELECT id, carried, 'V4'
FROM (
    SELECT a.id,
           ROW (a.discord_id, a.guild_id, a.epoch, a.provenance_since) IS DISTINCT FROM
               ROW (lag(a.discord_id) OVER member_rows, lag(a.guild_id) OVER member_rows,
                    lag(a.epoch) OVER member_rows, lag(a.provenance_since) OVER member_rows) AS opens,
           CASE WHEN NOT a.in_leaderboard THEN a.leftover_xp
                WHEN a.xp_delta IS NOT NULL THEN coalesce(lag(a.leftover_xp) OVER member_rows, 0)
                ELSE 0 END AS carried
    FROM discord_activity a
    WINDOW member_rows AS (PARTITION BY a.member_id ORDER BY a.id)
) opening
WHERE opens AND carried <> 0;
