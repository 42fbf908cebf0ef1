package dev.mee6sync.alert;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mee6sync.config.SyncConfig;

import io.sentry.CheckIn;
import io.sentry.CheckInStatus;
import io.sentry.MonitorConfig;
import io.sentry.MonitorSchedule;
import io.sentry.Sentry;
import io.sentry.protocol.SentryId;

/**
 * Sentry Crons check-ins of scheduled runs, one monitor per job: IN_PROGRESS, then OK or ERROR; the first carries the
 * monitor's schedule, so Sentry alerts when a run does not come (infra/OPERATE.md, "Sentry"). Other runs send none:
 * they would hide a missed scheduled run.
 */
@ApplicationScoped
public class SentryCrons {

    static final int DEFAULT_MAX_RUNTIME_MINUTES = 15;
    private static final Logger LOG = Logger.getLogger(SentryCrons.class);

    private final SentryConfig.Monitor config;
    private final int failureIssueThreshold;
    private final Map<String, Optional<MonitorSchedule>> schedules = new ConcurrentHashMap<>();

    public SentryCrons(SentryConfig sentry, SyncConfig sync) {
        this.config = sentry.monitor();
        // Sentry opens an issue after as many failed or missed runs in a row as the jobs' own outage alert
        this.failureIssueThreshold = sync.alertAfterFailures();
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
     * @param slug      the job's monitor
     * @param schedule  the job's EventBridge schedule expression, when configured (the monitor's schedule)
     * @param scheduled whether the run comes from the schedule (others are not monitored)
     * @param timeLeft  the invocation's time left (the Lambda timeout), for the monitor's maximum runtime; null if
     *                  unknown
     */
    public Run start(String slug, Optional<String> schedule, boolean scheduled, Duration timeLeft) {
        if (!Sentry.isEnabled() || !scheduled) {
            return NONE;
        }
        CheckIn inProgress = new CheckIn(slug, CheckInStatus.IN_PROGRESS);
        inProgress.setMonitorConfig(monitorConfig(slug, schedule, timeLeft));
        SentryId id = Sentry.captureCheckIn(inProgress);
        long started = System.nanoTime();
        return ok -> {
            CheckIn done = new CheckIn(id, slug, ok ? CheckInStatus.OK : CheckInStatus.ERROR);
            done.setDuration((System.nanoTime() - started) / 1e9);
            Sentry.captureCheckIn(done);
        };
    }

    MonitorConfig monitorConfig(String slug, Optional<String> expression, Duration timeLeft) {
        Optional<MonitorSchedule> schedule = expression.filter(s -> !s.isBlank())
                .flatMap(s -> schedules.computeIfAbsent(s, key -> parse(slug, key)));
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

    private static Optional<MonitorSchedule> parse(String slug, String expression) {
        Optional<MonitorSchedule> schedule = MonitorSchedules.fromEventBridge(expression);
        if (schedule.isEmpty()) {
            LOG.warnf("The schedule '%s' of Sentry monitor %s has no Sentry form (rate(N minutes|hours|days) or a "
                    + "cron() without L, W, # or a year): check-ins go without a schedule; set the monitor's schedule "
                    + "in Sentry", expression, slug);
        }
        return schedule;
    }

    private static int maxRuntime(Duration timeLeft) {
        if (timeLeft == null || timeLeft.isNegative() || timeLeft.isZero()) {
            return DEFAULT_MAX_RUNTIME_MINUTES;
        }
        return (int) Math.ceil(timeLeft.toMillis() / 60_000.0) + 1;
    }
}
