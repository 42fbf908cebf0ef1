package dev.mee6sync.lambda;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import dev.mee6sync.alert.SentryAlerts;
import dev.mee6sync.sync.SyncService;
import dev.mee6sync.sync.SyncStats;
import dev.mee6sync.sync.SyncStatus;
import dev.mee6sync.sync.SyncTrigger;

/**
 * The Lambda entry point, fired hourly by EventBridge. Returns the run's {@link SyncStats}; a FAILED run, once its
 * failure is recorded, ends the invocation with an error, so Lambda's Errors metric and on-failure destination see
 * it.
 */
@Named("mee6-sync")
public class SyncLambda implements RequestHandler<LambdaEvent, SyncStats> {

    private static final Logger LOG = Logger.getLogger(SyncLambda.class);

    /** Time kept back from the Lambda timeout to record the outcome after the last batch. */
    static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(20);

    private final SyncService syncService;
    private final SentryAlerts alerts;

    public SyncLambda(SyncService syncService, SentryAlerts alerts) {
        this.syncService = syncService;
        this.alerts = alerts;
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
        try {
            SyncStats stats = syncService.syncMee6Xp(trigger, deadline(context));
            if (stats.status() == SyncStatus.FAILED) {
                throw new SyncFailedException("Sync " + stats.syncId() + " failed: " + stats.message());
            }
            return stats;
        } finally {
            alerts.flush(); // Lambda may freeze the process as soon as we return
        }
    }

    private static Instant deadline(Context context) {
        if (context == null || context.getRemainingTimeInMillis() <= 0) {
            return null;
        }
        return Instant.now().plusMillis(context.getRemainingTimeInMillis()).minus(TIMEOUT_MARGIN);
    }
}
