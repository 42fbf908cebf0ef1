-- Provenance of every reading, the mass-change guard's memory, one control row per job, weekday streaks, and a ledger
-- that cannot be truncated. The rules are in docs/ledger-rules.md; this file states the parts the database enforces.

-- --- Provenance ------------------------------------------------------------------------------------------------------
-- A reading counts only against an earlier reading of the same account (discord_id), the same guild and the same
-- epoch (docs/ledger-rules.md, "Provenance"). Each row records its provenance, and carries forward what the next sync
-- needs from it, so a member's state is its latest row alone (one index-only probe):
--   observed_xp       the XP of the latest reading in this row's provenance, this row included (on a reading:
--                     its xp_total); NULL while the provenance has none (absence rows only)
--   provenance_since  when the member's first row of this provenance was written (the plausibility bound of a first
--                     reading counts the hours since then)
ALTER TABLE discord_activity
    ADD COLUMN guild_id         text,
    ADD COLUMN epoch            int NOT NULL DEFAULT 0,
    ADD COLUMN observed_xp      bigint,
    ADD COLUMN provenance_since timestamptz;

-- Existing rows keep the provenance they had: the account of the row, the guild configured when they were written
-- (the upgrade runs with the same MEE6_GUILD_ID; README, "Upgrading"), epoch 0. A member's rows split into
-- provenances where its discord_id changed. So the first run after the upgrade re-baselines and re-pays no one.
WITH ordered AS (
    SELECT id, member_id, in_leaderboard, synced_at,
           CASE WHEN discord_id IS DISTINCT FROM lag(discord_id) OVER (PARTITION BY member_id ORDER BY id)
                THEN 1 ELSE 0 END AS starts_provenance
    FROM discord_activity
), segmented AS (
    SELECT *, sum(starts_provenance) OVER (PARTITION BY member_id ORDER BY id) AS segment FROM ordered
), carried AS (
    SELECT id,
           first_value(synced_at) OVER (PARTITION BY member_id, segment ORDER BY id) AS since,
           max(CASE WHEN in_leaderboard THEN id END) OVER (PARTITION BY member_id, segment ORDER BY id) AS reading_id
    FROM segmented
)
UPDATE discord_activity a
SET guild_id         = NULLIF('${configured_guild}', 'none'),
    provenance_since = c.since,
    observed_xp      = r.xp_total
FROM carried c LEFT JOIN discord_activity r ON r.id = c.reading_id
WHERE a.id = c.id;

ALTER TABLE discord_activity
    ALTER COLUMN provenance_since SET NOT NULL,
    ALTER COLUMN provenance_since SET DEFAULT now(),
    -- a reading is its own last observed XP (a writer may leave it NULL: the sync reads xp_total of a reading)
    ADD CONSTRAINT discord_activity_reading_is_observed
        CHECK (NOT in_leaderboard OR observed_xp IS NULL OR observed_xp = xp_total);

-- A member's latest row answers the sync's whole question: one index-only probe per member.
DROP INDEX discord_activity_member_latest_idx;
CREATE INDEX discord_activity_member_latest_idx ON discord_activity (member_id, id DESC)
    INCLUDE (discord_id, guild_id, epoch, leftover_xp, in_leaderboard, xp_total, observed_xp, provenance_since);

-- --- One control row per job -------------------------------------------------------------------------------------------
-- sync_state holds each job's memory across invocations (Lambda keeps none): the failure counter and its alerts, the
-- warning channel (a degraded sync, a drifting ledger), and for the MEE6 sync the current epoch and the last full read.
-- Alerts count as sent only once Sentry confirmed them, so what is still owed is kept here until then.
ALTER TABLE sync_state
    -- an alert is owed now, whatever the threshold (a mass change is alerted at once)
    ADD COLUMN alert_due                  boolean     NOT NULL DEFAULT false,
    -- the recovery event owed to ops after an alerted outage ended; NULL when none is owed
    ADD COLUMN recovery_message           text,
    -- the warning channel: open since, warned at (confirmed), and the resolution event still owed
    ADD COLUMN condition_since            timestamptz,
    ADD COLUMN condition_alerted_at       timestamptz,
    ADD COLUMN condition_resolved_message text,
    -- the MEE6 sync: readings of a new epoch never count against readings of an older one (a rebaseline)
    ADD COLUMN epoch                      int         NOT NULL DEFAULT 0,
    ADD COLUMN epoch_sync_id              text,
    -- the last completed full read of the board (the run's time) and how many players it held
    ADD COLUMN last_full_read_at          timestamptz,
    ADD COLUMN last_full_read_players     int;

-- The rows of the jobs added here (audit, streaks) are created by each job's first run.

CREATE INDEX sync_run_job_status_idx ON sync_run (job, status);

-- The job lock is a session advisory lock held on a connection of the run's own, while its writes go through other
-- connections (dev.mee6sync.job.JobLock). Every writing transaction of a run asserts, inside one of its statements,
-- that the lock's backend still holds it, and keeps the job's row shared until it commits: a run that takes the lock
-- next locks that row first, so it waits for such a transaction and then sees what it wrote. A NULL holder (a run
-- outside the job runner: benchmarks) asserts nothing.
CREATE FUNCTION assert_job_lock(p_job text, p_key bigint, p_holder int) RETURNS boolean
    LANGUAGE plpgsql AS
$$
BEGIN
    IF p_holder IS NULL THEN
        RETURN true;
    END IF;
    PERFORM 1 FROM sync_state WHERE job = p_job FOR SHARE;
    IF NOT EXISTS (SELECT 1 FROM pg_locks
                   WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND pid = p_holder
                     AND classid = (p_key >> 32)::oid AND objid = (p_key & 4294967295)::oid) THEN
        RAISE EXCEPTION 'the connection holding the job lock of % is gone (backend % ended), so this run may no longer write; nothing of this transaction was written', p_job, p_holder
            USING ERRCODE = 'lock_not_available';
    END IF;
    RETURN true;
END
$$;

-- --- The ledger cannot be truncated ------------------------------------------------------------------------------------
-- UPDATE and DELETE were refused already; TRUNCATE (and TRUNCATE member CASCADE, which reaches point_transaction and
-- fires its trigger too) is refused the same way.
CREATE TRIGGER point_transaction_no_truncate
    BEFORE TRUNCATE ON point_transaction
    FOR EACH STATEMENT
EXECUTE FUNCTION point_transaction_append_only();

-- --- Weekday streaks ---------------------------------------------------------------------------------------------------
ALTER TABLE member ADD COLUMN longest_streak int NOT NULL DEFAULT 0;

-- One row per evaluated weekday: its primary key is what makes each weekday count exactly once, and it commits with
-- that day's member updates.
CREATE TABLE streak_day (
    day          date PRIMARY KEY CHECK (extract(isodow FROM day) < 6),
    sync_id      text        NOT NULL,
    evaluated_at timestamptz NOT NULL DEFAULT now()
);

-- "Which members earned points on day D": point_transaction is append-only, so created_at follows its physical order
-- and a BRIN index finds a day's rows for almost nothing (a few pages of index, nothing to maintain per row).
CREATE INDEX point_transaction_created_brin ON point_transaction USING brin (created_at);
