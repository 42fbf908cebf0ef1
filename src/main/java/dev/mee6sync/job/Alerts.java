package dev.mee6sync.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mee6sync.alert.Alert;
import dev.mee6sync.alert.AlertLevel;
import dev.mee6sync.alert.SentryAlerts;

/**
 * Sends what a job owes ops (decided by {@link JobControl} under the job's lock) and records each alert that Sentry
 * confirmed. An alert Sentry did not confirm (down, rate limiting, no DSN) stays owed: the job's next run sends it
 * again.
 */
@ApplicationScoped
public class Alerts {

    private static final Logger LOG = Logger.getLogger(Alerts.class);

    /** The kinds of alert a job owes. */
    public enum Kind {
        /** The job failed too often in a row (or a failure needs a decision now): one per outage. */
        OUTAGE,
        /** A run completed after an alerted outage. */
        RECOVERY,
        /** A completed run found something wrong (the job's condition): one until a clean run. */
        WARNING,
        /** A clean run after a warned condition. */
        RESOLVED
    }

    private final SentryAlerts sentry;
    private final JobControl control;

    public Alerts(SentryAlerts sentry, JobControl control) {
        this.sentry = sentry;
        this.control = control;
    }

    /** Sends each owed alert of the run; those Sentry confirmed are recorded as sent. */
    void send(JobRun run, List<JobControl.Owed> owed, Condition condition) {
        for (JobControl.Owed alert : owed) {
            if (sentry.deliver(toSentry(run, alert, condition))) {
                control.delivered(run.job(), alert.kind());
            } else {
                LOG.warnf("The %s alert of job %s stays owed: its next run sends it again", label(alert.kind()),
                        run.job());
            }
        }
    }

    private static Alert toSentry(JobRun run, JobControl.Owed owed, Condition condition) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("job", run.job());
        tags.put("sync_id", run.syncId());
        Map<String, Object> extras = Map.of();
        AlertLevel level;
        String fingerprint;
        switch (owed.kind()) {
            case OUTAGE -> {
                level = AlertLevel.ERROR;
                fingerprint = "consecutive-failures";
                tags.put("failure_count", String.valueOf(owed.failures()));
                tags.put("last_error", owed.lastError());
            }
            case RECOVERY -> {
                level = AlertLevel.INFO;
                fingerprint = "recovered";
            }
            case WARNING -> {
                level = condition.level();
                fingerprint = condition.kind();
                extras = condition.extras();
            }
            default -> {
                level = AlertLevel.INFO;
                fingerprint = "resolved";
            }
        }
        return new Alert(label(owed.kind()), level, owed.message(), List.of("mee6-sync", run.job(), fingerprint), tags,
                extras);
    }

    private static String label(Kind kind) {
        return kind.name().toLowerCase();
    }
}
