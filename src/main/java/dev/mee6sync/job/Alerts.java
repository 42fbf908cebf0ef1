package dev.mee6sync.job;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mee6sync.alert.Alert;
import dev.mee6sync.alert.SentryAlerts;

/**
 * Sends what a job's {@link JobState} says it owes, and records each alert Sentry confirmed. One Sentry did not
 * confirm (down, rate limiting, no DSN) stays owed: the job's next run sends it again.
 */
@ApplicationScoped
public class Alerts {

    private static final Logger LOG = Logger.getLogger(Alerts.class);

    private final SentryAlerts sentry;
    private final ControlPlane control;

    public Alerts(SentryAlerts sentry, ControlPlane control) {
        this.sentry = sentry;
        this.control = control;
    }

    void send(String job, List<Alert> owed) {
        for (Alert alert : owed) {
            if (sentry.deliver(alert)) {
                control.delivered(job, alert);
            } else {
                LOG.warnf("The %s alert of job %s stays owed: its next run sends it again", alert.kind().label(), job);
            }
        }
    }
}
