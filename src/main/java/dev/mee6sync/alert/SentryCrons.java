package dev.mee6sync.alert;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.sync.SyncTrigger;
import io.sentry.CheckIn;
import io.sentry.CheckInStatus;
import io.sentry.MonitorConfig;
import io.sentry.MonitorSchedule;
import io.sentry.Sentry;
import io.sentry.protocol.SentryId;

/**
 * Sentry Crons check-ins for the scheduled runs: IN_PROGRESS when a run starts, then OK or ERROR with the same
 * check-in id and the run's duration. The first check-in carries the monitor's configuration (the schedule, from the
 * same parameter as the EventBridge schedule), so Sentry knows when a run is due and alerts when none comes: the one
 * alert that still works when the function never runs (schedule disabled, function broken at start-up, secrets
 * unreadable).
 * <p>
 * Manual and local runs send nothing: they are not what the monitor expects, and would hide a missed scheduled run.
 * Check-ins carry the slug, status, duration, environment and release: no member data, no token.
 */
@ApplicationScoped
public class SentryCrons {

    /** The triggers of {@code SyncInvocation} that come from the schedule. */
    static final Set<String> SCHEDULED_TRIGGERS = Set.of("eventbridge-rule", "eventbridge-scheduler");
    static final int DEFAULT_MAX_RUNTIME_MINUTES = 15;
    private static final Logger LOG = Logger.getLogger(SentryCrons.class);

    private final SentryConfig.Monitor config;
    private final int failureIssueThreshold;
    private final Optional<MonitorSchedule> schedule;

    public SentryCrons(SentryConfig sentry, SyncConfig mee6) {
        this.config = sentry.monitor();
        // Sentry opens an issue after as many failed or missed runs in a row as the sync's own outage alert
        this.failureIssueThreshold = mee6.alertAfterFailures();
        this.schedule = config.schedule().filter(s -> !s.isBlank()).flatMap(MonitorSchedules::fromEventBridge);
        config.schedule().filter(s -> !s.isBlank() && schedule.isEmpty()).ifPresent(s -> LOG.warnf(
                "SENTRY_MONITOR_SCHEDULE '%s' has no Sentry form (rate(N minutes|hours|days) or a cron() without L, W, "
                        + "# or a year): check-ins go without a schedule; set the monitor's schedule in Sentry", s));
    }

    /** One run's check-in; {@link #NONE} for runs that are not monitored. */
    public interface Run {
        void finish(boolean ok);
    }

    public static final Run NONE = ok -> {
    };

    /**
     * Sends the IN_PROGRESS check-in of a scheduled run.
     *
     * @param timeLeft the invocation's time left (the Lambda timeout), for the monitor's maximum runtime; null if
     *                 unknown
     */
    public Run start(SyncTrigger trigger, Duration timeLeft) {
        if (!Sentry.isEnabled() || !SCHEDULED_TRIGGERS.contains(trigger.source())) {
            return NONE;
        }
        CheckIn inProgress = new CheckIn(config.slug(), CheckInStatus.IN_PROGRESS);
        inProgress.setMonitorConfig(monitorConfig(timeLeft));
        SentryId id = Sentry.captureCheckIn(inProgress);
        long started = System.nanoTime();
        return ok -> {
            CheckIn done = new CheckIn(id, config.slug(), ok ? CheckInStatus.OK : CheckInStatus.ERROR);
            done.setDuration((System.nanoTime() - started) / 1e9);
            Sentry.captureCheckIn(done);
        };
    }

    MonitorConfig monitorConfig(Duration timeLeft) {
        if (schedule.isEmpty()) {
            return null;
        }
        MonitorConfig monitor = new MonitorConfig(schedule.get());
        monitor.setTimezone(config.timezone());
        monitor.setCheckinMargin((long) config.checkinMargin());
        monitor.setMaxRuntime((long) config.maxRuntime().orElseGet(() -> maxRuntime(timeLeft)));
        monitor.setFailureIssueThreshold((long) failureIssueThreshold);
        monitor.setRecoveryThreshold(1L);
        return monitor;
    }

    private static int maxRuntime(Duration timeLeft) {
        if (timeLeft == null || timeLeft.isNegative() || timeLeft.isZero()) {
            return DEFAULT_MAX_RUNTIME_MINUTES;
        }
        return (int) Math.ceil(timeLeft.toMillis() / 60_000.0) + 1;
    }
}
