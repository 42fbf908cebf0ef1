package dev.mee6sync.streak;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mee6sync.alert.SentryConfig;
import dev.mee6sync.job.Job;
import dev.mee6sync.job.Run;
import dev.mee6sync.job.JobSpec;
import dev.mee6sync.job.RunOutcome;

/**
 * The daily weekday-streak job ({@code {"job": "streaks", "scheduledTime": ...}}): keeps each linked member's run of
 * active weekdays in {@code member.current_streak} (and its best in {@code longest_streak}). A run at time T evaluates,
 * oldest first, every weekday after the last evaluated one and before T's UTC date; each weekday exactly once
 * (docs/ledger-rules.md, "Weekday streaks"), whatever replays, overlaps or crashes happen.
 */
@ApplicationScoped
public class StreakJob implements Job<StreakJob.Tally, StreakStats> {

    public static final String NAME = "streaks";
    private static final Logger LOG = Logger.getLogger(StreakJob.class);

    private final StreakStore store;
    private final JobSpec spec;

    public StreakJob(StreakStore store, SentryConfig sentry) {
        this.store = store;
        this.spec = new JobSpec(NAME, "streak", "streaks-", "streaks-", Set.of(), sentry.monitor().slug() + "-streaks",
                sentry.monitor().streaksSchedule());
    }

    /** What a run did so far. */
    public static final class Tally {
        final List<LocalDate> days = new ArrayList<>();
        long members;
        long incremented;
        long reset;
        int undone;
    }

    @Override
    public JobSpec spec() {
        return spec;
    }

    @Override
    public Tally newTally() {
        return new Tally();
    }

    @Override
    public void run(Run run, Tally tally) {
        LocalDate today = LocalDate.ofInstant(run.runTime(), ZoneOffset.UTC);
        List<LocalDate> due = WeekdayCalendar.toEvaluate(store.lastEvaluated(), today);
        tally.undone = due.size();
        for (LocalDate day : due) {
            StreakStore.DayResult result = store.evaluate(run, day);
            tally.undone--;
            if (!result.claimed()) {
                LOG.infof("Streaks %s: %s was evaluated already, nothing changed", run.runId(), day);
                continue;
            }
            tally.days.add(day);
            tally.members = result.members();
            tally.incremented += result.incremented();
            tally.reset += result.reset();
            LOG.infof("Streaks %s: %s evaluated: %d members, %d streaks extended, %d reset", run.runId(), day,
                    result.members(), result.incremented(), result.reset());
        }
    }

    @Override
    public StreakStats stats(Run run, Tally tally, RunOutcome outcome, Integer consecutiveFailures) {
        Instant now = Instant.now();
        return new StreakStats(run.runId(), run.trigger(), outcome.status(), outcome.message(), List.copyOf(tally.days), tally.members,
                tally.incremented, tally.reset, tally.undone, run.startedAt(), now,
                Duration.between(run.startedAt(), now).toMillis(), consecutiveFailures);
    }
}
