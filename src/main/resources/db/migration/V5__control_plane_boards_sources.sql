-- The control plane's alert rules (dev.mee6sync.job.JobState), each board's own memory, and the XP source in every
-- reading's provenance. The rules are in docs/ledger-rules.md and docs/reliability.md.

-- --- sync_state: what needs someone, and what a warning told ------------------------------------------------------
-- A failure that needs someone now (a refused mass change, a refused token) is alerted at once, once per key and
-- outage, whatever ops were told before in it: the key of the current one, and the keys Sentry confirmed (one a line).
ALTER TABLE sync_state
    ADD COLUMN attention_key          text,
    ADD COLUMN attention_alerted_keys text,
    -- the open warning's keys (members, invariants), and those a confirmed warning told: a new key warns again
    ADD COLUMN condition_keys         text,
    ADD COLUMN condition_alerted_keys text;
-- An owed alert_due becomes an owed attention (the outage's one alert, at once).
UPDATE sync_state SET attention_key = 'owed-before-v5' WHERE alert_due AND alerted_at IS NULL;

-- --- board_state: the sync's memory of each board ---------------------------------------------------------------------
-- One row per XP source and guild, so that a guild or source change starts without references (docs/ledger-rules.md,
-- "Mass changes", "Which pages a run reads"):
--   epoch                 readings of a new epoch never count against an older one (a rebaseline starts one)
--   reference_*           the mass-change guard's references: the players and the top XP of the last completed run
--                         that read this board to its end (a full read, or the run that completed a sweep)
--   last_full_read_at     the last completed run that read every page, from 0 to the end, in one run
--   sweep_*               the rolling sweep: the next page, when the sweep began, and its last complete one
CREATE TABLE board_state (
    source                  text        NOT NULL,
    guild_id                text        NOT NULL,
    epoch                   int         NOT NULL DEFAULT 0 CHECK (epoch >= 0),
    epoch_sync_id           text,
    reference_players       int CHECK (reference_players >= 0),
    reference_top_xp        bigint CHECK (reference_top_xp >= 0),
    reference_at            timestamptz,
    last_full_read_at       timestamptz,
    sweep_cursor            int         NOT NULL DEFAULT 0 CHECK (sweep_cursor >= 0),
    sweep_started_at        timestamptz,
    sweep_board_pages       int CHECK (sweep_board_pages > 0),
    sweep_completed_at      timestamptz,
    sweep_last_slice_top_xp bigint,
    updated_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, guild_id)
);

-- The sync's memory so far was the MEE6 sync's control row, for the guild configured now (an upgrade keeps its guild).
INSERT INTO board_state (source, guild_id, epoch, epoch_sync_id, reference_players, reference_at, last_full_read_at)
SELECT 'mee6', '${configured_guild}', epoch, epoch_sync_id, last_full_read_players, last_full_read_at,
       last_full_read_at
FROM sync_state
WHERE job = 'mee6' AND '${configured_guild}' <> 'none';

ALTER TABLE sync_state
    DROP COLUMN alert_due,
    DROP COLUMN epoch,
    DROP COLUMN epoch_sync_id,
    DROP COLUMN last_full_read_at,
    DROP COLUMN last_full_read_players;

-- --- The XP source is part of a reading's provenance ------------------------------------------------------------------
-- Every reading so far came from MEE6 (and a writer that names no source writes a MEE6 reading, as before).
ALTER TABLE discord_activity ADD COLUMN source text NOT NULL DEFAULT 'mee6';

DROP INDEX discord_activity_member_latest_idx;
CREATE INDEX discord_activity_member_latest_idx ON discord_activity (member_id, id DESC)
    INCLUDE (discord_id, source, guild_id, epoch, leftover_xp, in_leaderboard, xp_total, observed_xp, provenance_since);
