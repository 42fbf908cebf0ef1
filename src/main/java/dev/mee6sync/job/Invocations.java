package dev.mee6sync.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mee6sync.alert.Alert;
import dev.mee6sync.alert.SentryAlerts;
import dev.mee6sync.alert.SentryCrons;
import dev.mee6sync.db.SchemaMigration;
import dev.mee6sync.secrets.AppSecrets;

/**
 * The one way into a run, for the Lambda handler and the in-process schedule alike: the application's secrets (read at
 * each invocation: the secrets extension answers only then), Sentry, the cron check-in of a scheduled run, the schema,
 * then the run (docs/architecture.md, "A run, step by step").
 */
@ApplicationScoped
public class Invocations {

    private static final Logger LOG = Logger.getLogger(Invocations.class);

    private final AppSecrets secrets;
    private final SentryAlerts sentry;
    private final SentryCrons crons;
    private final SchemaMigration migration;
    private final JobRunner runner;

    public Invocations(AppSecrets secrets, SentryAlerts sentry, SentryCrons crons, SchemaMigration migration,
            JobRunner runner) {
        this.secrets = secrets;
        this.sentry = sentry;
        this.crons = crons;
        this.migration = migration;
        this.runner = runner;
    }

    /**
     * Runs the job; never throws for a failed run (its stats say FAILED), only when the invocation itself cannot
     * start (the secret or the schema).
     *
     * @param timeLeft the invocation's remaining time; null when it has none (a local run)
     */
    public <T, S extends JobStats> S run(Job<T, S> job, RunRequest request, Duration timeLeft) {
        SentryCrons.Run checkIn = SentryCrons.NONE;
        boolean ok = false;
        try {
            startSentry();
            checkIn = crons.start(job.spec().monitorSlug(), job.spec().monitorSchedule(),
                    Triggers.isScheduled(request.trigger()), timeLeft);
            migration.ensureMigrated();
            S stats = runner.run(job, request, runner.deadline(timeLeft));
            ok = stats.runStatus() != RunStatus.FAILED;
            return stats;
        } finally {
            checkIn.finish(ok);
            sentry.flush(); // Lambda may freeze the process as soon as the handler returns
        }
    }

    /**
     * An invocation refused before any work that needs someone (an event's time outside the window): alerted at
     * once, nothing written. Best effort: the refusal stands whether or not Sentry is reached.
     */
    public void refused(String job, String message) {
        try {
            startSentry();
            sentry.deliver(new Alert(Alert.Kind.REFUSED_EVENT, Alert.Level.ERROR, "mee6-sync: " + message,
                    List.of("mee6-sync", job, "refused-event"), Map.of("job", job), Map.of(), Set.of()));
            sentry.flush();
        } catch (RuntimeException e) {
            LOG.warnf("The refused event could not be alerted (%s): %s", e.getClass().getSimpleName(),
                    e.getMessage());
        }
    }

    private void startSentry() {
        secrets.refresh();
        sentry.start();
    }
}
