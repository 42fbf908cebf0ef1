package dev.mee6sync.lambda;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mee6sync.alert.SentryAlerts;
import dev.mee6sync.alert.SentryCrons;
import dev.mee6sync.db.SchemaMigration;
import dev.mee6sync.job.Job;
import dev.mee6sync.job.JobRequest;
import dev.mee6sync.job.JobRunner;
import dev.mee6sync.job.JobStats;
import dev.mee6sync.job.RunStatus;
import dev.mee6sync.job.Triggers;
import dev.mee6sync.secrets.AppSecrets;
import io.quarkus.arc.All;

/**
 * The Lambda entry point: routes each event to its job by its {@code job} field (none: the MEE6 sync) and returns the
 * run's stats; a FAILED run, once its failure is recorded, ends the invocation with an error, so Lambda's Errors
 * metric and on-failure destination see it.
 * <p>
 * Everything that needs a secret happens here, not at start-up: the secrets extension answers only during
 * invocations. Each invocation reads the application secret (Sentry DSN, MEE6 token), starts Sentry if needed, sends
 * the cron check-in of a scheduled run, migrates the schema on the first run of the process, then runs the job.
 */
@Named("mee6-sync")
public class JobLambda implements RequestHandler<LambdaEvent, JsonNode> {

    private static final Logger LOG = Logger.getLogger(JobLambda.class);

    private final JobRequests requests;
    private final JobRunner runner;
    private final SentryAlerts alerts;
    private final SentryCrons crons;
    private final AppSecrets secrets;
    private final SchemaMigration migration;
    private final ObjectMapper json;

    public JobLambda(@All List<Job<?, ?>> jobs, JobRunner runner, SentryAlerts alerts, SentryCrons crons,
            AppSecrets secrets, SchemaMigration migration, ObjectMapper json) {
        this.requests = new JobRequests(jobs);
        this.runner = runner;
        this.alerts = alerts;
        this.crons = crons;
        this.secrets = secrets;
        this.migration = migration;
        this.json = json;
    }

    @Override
    public JsonNode handleRequest(LambdaEvent event, Context context) {
        JobRequest request;
        try {
            request = requests.from(event);
        } catch (InvalidEventException e) {
            LOG.warnf("Invocation refused, nothing done: %s", e.getMessage());
            throw e;
        }
        Job<?, ?> job = requests.job(request);
        Duration timeLeft = context == null || context.getRemainingTimeInMillis() <= 0 ? null
                : Duration.ofMillis(context.getRemainingTimeInMillis());
        SentryCrons.Run checkIn = SentryCrons.NONE;
        boolean ok = false;
        try {
            secrets.refresh();
            alerts.start(secrets.sentryDsn());
            checkIn = crons.start(job.spec().monitorSlug(), job.spec().monitorSchedule(),
                    Triggers.isScheduled(request.trigger()), timeLeft);
            migration.ensureMigrated();
            JobStats stats = runner.run(job, request, runner.deadline(timeLeft));
            if (stats.runStatus() == RunStatus.FAILED) {
                throw new SyncFailedException(job.spec().title() + " " + stats.syncId() + " failed: " + stats.message());
            }
            ok = true;
            return json.valueToTree(stats);
        } finally {
            checkIn.finish(ok);
            alerts.flush(); // Lambda may freeze the process as soon as we return
        }
    }
}
