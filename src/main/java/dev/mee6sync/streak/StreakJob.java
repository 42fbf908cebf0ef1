package dev.mee6sync.streak;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mee6sync.alert.SentryConfig;
import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.job.Job;
import dev.mee6sync.job.Run;
import dev.mee6sync.job.JobSpec;
import dev.mee6sync.job.RunOutcome;

/**
 * The daily weekday-streak job ({@code {"job": "streaks", "scheduledTime": ...}}): each weekday the sync has covered,
 * exactly once (docs/ledger-rules.md, "8. Weekday streaks").
 */
@ApplicationScoped
public class StreakJob implements Job<StreakJob.Tally, StreakStats> {

    public static final String NAME = "streaks";
    private static final Logger LOG = Logger.getLogger(StreakJob.class);

    private final StreakStore store;
    private final SyncConfig config;
    private final JobSpec spec;

    public StreakJob(StreakStore store, SyncConfig config, SentryConfig sentry) {
        this.store = store;
        this.config = config;
        this.spec = new JobSpec(NAME, "streak", "streaks-", "streaks-", Set.of(), sentry.monitor().slug() + "-streaks",
                sentry.monitor().streaksSchedule());
    }

    /** What a run did so far. */
    public static final class Tally {
        final List<LocalDate> days = new ArrayList<>();
        List<LocalDate> waiting = List.of();
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
        Optional<LocalDate> last = store.lastEvaluated();
        // before any day was evaluated: from the job's first run on record (this one, unless an earlier one waited)
        Instant firstRun = last.isPresent() ? run.runTime() : store.firstRunTime(NAME).orElse(run.runTime());
        List<LocalDate> due = WeekdayCalendar.toEvaluate(last, LocalDate.ofInstant(firstRun, ZoneOffset.UTC), today);
        // a switched-off sync (MEE6_SYNC_ENABLED) completes no run to wait for: its days do not wait (the runner
        // idles this job too today; this keeps the rule whatever the runner does)
        boolean waitForSync = config.syncEnabled() && !due.isEmpty();
        Optional<Instant> synced = waitForSync ? store.syncCompletedThrough() : Optional.empty();
        int ready = waitForSync ? WeekdayCalendar.covered(due, synced) : due.size();
        tally.waiting = List.copyOf(due.subList(ready, due.size()));
        if (!tally.waiting.isEmpty()) {
            LOG.infof("Streaks %s: %s wait for the MEE6 sync (its latest completed run: %s): a weekday is evaluated "
                    + "once a sync run of a tick at or after the next midnight (UTC) has completed; a later run of "
                    + "this job evaluates them", run.runId(), tally.waiting,
                    synced.map(Instant::toString).orElse("none yet"));
        }
        tally.undone = ready;
        for (LocalDate day : due.subList(0, ready)) {
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
        return new StreakStats(run.runId(), run.trigger(), outcome.status(), outcome.message(), List.copyOf(tally.days),
                tally.waiting,
                tally.members, tally.incremented, tally.reset, tally.undone, run.startedAt(), now,
                Duration.between(run.startedAt(), now).toMillis(), consecutiveFailures);
    }
}
