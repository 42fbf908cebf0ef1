package dev.mee6sync.streak;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import dev.mee6sync.job.Run;
import dev.mee6sync.persistence.StreakDay;

/** The streak job's reads and writes: one statement per evaluated weekday, whatever the number of members. */
@ApplicationScoped
public class StreakStore {

    /**
     * One weekday, in one statement: claims the day in {@code streak_day} (its primary key: a day already evaluated
     * changes nothing), and for every linked member extends the streak (active: a positive point transaction created
     * that UTC day) or resets it. Returns whether the day was claimed, and the members evaluated, extended and reset.
     */
    private static final String EVALUATE_DAY = """
            WITH claimed AS (
                INSERT INTO streak_day (day, sync_id)
                SELECT ?, ? WHERE (SELECT assert_job_lock(?, ?, ?)) -- the run still holds its job lock (JobLock)
                ON CONFLICT (day) DO NOTHING RETURNING day
            ), active AS (
                SELECT DISTINCT t.member_id FROM point_transaction t
                WHERE t.points > 0 AND t.created_at >= ? AND t.created_at < ?
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

    /** The day's member updates and the record that it is done commit together. */
    @Transactional
    public DayResult evaluate(Run run, LocalDate day) {
        return session.doReturningWork(c -> {
            try (PreparedStatement statement = c.prepareStatement(EVALUATE_DAY)) {
                statement.setObject(1, day);
                statement.setString(2, run.runId());
                run.bindFence(statement, 3);
                statement.setObject(6, day.atStartOfDay().atOffset(ZoneOffset.UTC));
                statement.setObject(7, day.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return new DayResult(day, row.getLong(1) == 1, row.getLong(2), row.getLong(3), row.getLong(4));
                }
            }
        });
    }
}
