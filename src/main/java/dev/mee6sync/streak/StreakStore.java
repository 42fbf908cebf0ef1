package dev.mee6sync.streak;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import dev.mee6sync.job.Run;
import dev.mee6sync.persistence.StreakDay;
import dev.mee6sync.job.RunRecord;

/** The streak job's reads and writes: one statement per evaluated weekday, whatever the number of members. */
@ApplicationScoped
public class StreakStore {

    /** The job whose completed runs a day waits for: the MEE6 sync ({@code XpSyncJob.NAME}; jobs know no other job). */
    static final String SYNC_JOB = "mee6";

    /**
     * One weekday, in one statement: claims the day in {@code streak_day} (its primary key: a day already evaluated
     * changes nothing), and for every linked member extends the streak (active: a positive point transaction earned
     * that UTC day) or resets it. Returns whether the day was claimed, and the members evaluated, extended and reset.
     */
    private static final String EVALUATE_DAY = """
            WITH claimed AS (
                INSERT INTO streak_day (day, sync_id)
                SELECT ?, ? WHERE (SELECT assert_job_lock(?, ?, ?)) -- the run still holds its job lock (JobLock)
                ON CONFLICT (day) DO NOTHING RETURNING day
            ), active AS (
                SELECT DISTINCT t.member_id FROM point_transaction t
                WHERE t.points > 0
                  -- earned that day: activity_at where the writer set it (a tick's run), else created_at
                  AND coalesce(t.activity_at, t.created_at) >= ? AND coalesce(t.activity_at, t.created_at) < ?
                  -- the same rows by created_at alone, for the BRIN index: activity_at lies in (created_at - 26 h,
                  -- created_at + 5 min] (point_transaction_activity_near_creation), so a day's points were written
                  -- from 5 min before it starts to 26 h after it ends (a tick's run resumed late)
                  AND t.created_at >= ?::timestamptz - interval '5 minutes'
                  AND t.created_at < ?::timestamptz + interval '26 hours'
            ), evaluated AS (
                UPDATE member m
                SET current_streak = CASE WHEN a.member_id IS NULL THEN 0 ELSE old.current_streak + 1 END,
                    longest_streak = CASE WHEN a.member_id IS NULL THEN old.longest_streak
                                          ELSE greatest(old.longest_streak, old.current_streak + 1) END
                FROM member old LEFT JOIN active a ON a.member_id = old.id
                WHERE m.id = old.id AND old.discord_id IS NOT NULL AND EXISTS (SELECT 1 FROM claimed)
                  -- a streak of 0 that stays 0 is not rewritten (most members on most days)
                  AND (a.member_id IS NOT NULL OR old.current_streak <> 0)
                RETURNING old.current_streak AS before, m.current_streak AS after
            )
            SELECT (SELECT count(*) FROM claimed),
                   CASE WHEN EXISTS (SELECT 1 FROM claimed)
                        THEN (SELECT count(*) FROM member WHERE discord_id IS NOT NULL) ELSE 0 END,
                   count(*) FILTER (WHERE after > before), count(*) FILTER (WHERE after = 0 AND before > 0)
            FROM evaluated
            """;

    private final Session session;

    public StreakStore(Session session) {
        this.session = session;
    }

    /** What one evaluated day changed; {@code claimed} false: it had been evaluated already, nothing changed. */
    public record DayResult(LocalDate day, boolean claimed, long members, long incremented, long reset) {
    }

    @Transactional
    public Optional<LocalDate> lastEvaluated() {
        return StreakDay.lastEvaluated();
    }

    /** The time of the sync's latest completed run (its tick, or its start): days up to it are covered. */
    @Transactional
    public Optional<Instant> syncCompletedThrough() {
        return RunRecord.lastCompletedRunTime(SYNC_JOB);
    }

    /** The time of this job's first run that is still on record ({@code sync_run}); empty before any. */
    @Transactional
    public Optional<Instant> firstRunTime(String job) {
        return RunRecord.firstRunTime(job);
    }

    /** The day's member updates and the record that it is done commit together. */
    @Transactional
    public DayResult evaluate(Run run, LocalDate day) {
        return session.doReturningWork(c -> {
            try (PreparedStatement statement = c.prepareStatement(EVALUATE_DAY)) {
                statement.setObject(1, day);
                statement.setString(2, run.runId());
                run.bindFence(statement, 3);
                OffsetDateTime starts = day.atStartOfDay().atOffset(ZoneOffset.UTC);
                OffsetDateTime ends = day.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
                statement.setObject(6, starts);
                statement.setObject(7, ends);
                statement.setObject(8, starts);
                statement.setObject(9, ends);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return new DayResult(day, row.getLong(1) == 1, row.getLong(2), row.getLong(3), row.getLong(4));
                }
            }
        });
    }
}
