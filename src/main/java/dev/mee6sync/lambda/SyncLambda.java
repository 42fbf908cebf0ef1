package dev.mee6sync.lambda;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import dev.mee6sync.alert.SentryAlerts;
import dev.mee6sync.alert.SentryCrons;
import dev.mee6sync.persistence.SchemaMigration;
import dev.mee6sync.secrets.AppSecrets;
import dev.mee6sync.sync.SyncService;
import dev.mee6sync.sync.SyncStats;
import dev.mee6sync.sync.SyncStatus;
import dev.mee6sync.sync.SyncTrigger;

/**
 * The Lambda entry point, fired hourly by EventBridge Scheduler. Returns the run's {@link SyncStats}; a FAILED run,
 * once its failure is recorded, ends the invocation with an error, so Lambda's Errors metric and on-failure
 * destination see it.
 * <p>
 * Everything that needs a secret happens here, not at start-up: the secrets extension answers only during
 * invocations. Each invocation reads the application secret (Sentry DSN, MEE6 token), starts Sentry if needed,
 * sends the cron check-in of a scheduled run, migrates the schema on the first run of the process, then syncs.
 */
@Named("mee6-sync")
public class SyncLambda implements RequestHandler<LambdaEvent, SyncStats> {

    private static final Logger LOG = Logger.getLogger(SyncLambda.class);

    /** Time kept back from the Lambda timeout to record the outcome after the last batch. */
    static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(20);

    private final SyncService syncService;
    private final SentryAlerts alerts;
    private final SentryCrons crons;
    private final AppSecrets secrets;
    private final SchemaMigration migration;

    public SyncLambda(SyncService syncService, SentryAlerts alerts, SentryCrons crons, AppSecrets secrets,
            SchemaMigration migration) {
        this.syncService = syncService;
        this.alerts = alerts;
        this.crons = crons;
        this.secrets = secrets;
        this.migration = migration;
    }

    @Override
    public SyncStats handleRequest(LambdaEvent event, Context context) {
        SyncTrigger trigger;
        try {
            trigger = SyncInvocation.trigger(event);
        } catch (InvalidEventException e) {
            LOG.warnf("Invocation refused, nothing done: %s", e.getMessage());
            throw e;
        }
        SentryCrons.Run checkIn = SentryCrons.NONE;
        boolean ok = false;
        try {
            secrets.refresh();
            alerts.start(secrets.sentryDsn());
            checkIn = crons.start(trigger, timeLeft(context));
            migration.ensureMigrated();
            SyncStats stats = syncService.syncMee6Xp(trigger, deadline(context));
            if (stats.status() == SyncStatus.FAILED) {
                throw new SyncFailedException("Sync " + stats.syncId() + " failed: " + stats.message());
            }
            ok = true;
            return stats;
        } finally {
            checkIn.finish(ok);
            alerts.flush(); // Lambda may freeze the process as soon as we return
        }
    }

    private static Duration timeLeft(Context context) {
        if (context == null || context.getRemainingTimeInMillis() <= 0) {
            return null;
        }
        return Duration.ofMillis(context.getRemainingTimeInMillis());
    }

    private static Instant deadline(Context context) {
        Duration left = timeLeft(context);
        return left == null ? null : Instant.now().plus(left).minus(TIMEOUT_MARGIN);
    }
}
