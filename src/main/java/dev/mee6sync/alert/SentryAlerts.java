package dev.mee6sync.alert;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.protocol.Message;

/**
 * Tells ops through Sentry when the sync is down (one event per outage) and when it is back. Events carry the job,
 * the sync id, the failure count and the error, never member data or secrets.
 */
@ApplicationScoped
public class SentryAlerts {

    private static final Logger LOG = Logger.getLogger(SentryAlerts.class);
    private static final int MAX_TAG_LENGTH = 200; // Sentry's limit for tag values

    private final SentryConfig config;
    private final String release;

    public SentryAlerts(SentryConfig config, @ConfigProperty(name = "quarkus.application.version") String version) {
        this.config = config;
        this.release = "mee6-sync@" + version;
    }

    /** Once per process (a Lambda cold start), before the first run. */
    void init(@Observes StartupEvent event) {
        if (config.dsn().filter(dsn -> !dsn.isBlank()).isEmpty()) {
            LOG.info("SENTRY_DSN is not set: Sentry alerts are off");
            return;
        }
        Sentry.init(options -> {
            options.setDsn(config.dsn().get());
            options.setEnvironment(config.environment());
            options.setRelease(release);
            options.setSendDefaultPii(false);
            options.setAttachServerName(false);
            // Lambda freezes the process between invocations: events are flushed explicitly, not on shutdown
            options.setFlushTimeoutMillis(config.flushTimeout().toMillis());
        });
        LOG.infof("Sentry alerts on (environment %s)", config.environment());
    }

    public boolean enabled() {
        return Sentry.isEnabled();
    }

    /** The sync failed {@code failures} times in a row: the one alert of this outage. */
    public void outage(String job, String syncId, int failures, String lastError) {
        SentryEvent event = event(SentryLevel.ERROR, "mee6-sync: " + failures + " consecutive sync failures. Last error: "
                + lastError, List.of("mee6-sync", job, "consecutive-failures"));
        event.setTag("job", job);
        event.setTag("sync_id", truncate(syncId));
        event.setTag("failure_count", String.valueOf(failures));
        event.setTag("last_error", truncate(lastError));
        send(event);
    }

    /** A sync completed after an alerted outage. */
    public void recovered(String job, String syncId, int failuresBefore, Instant alertedAt) {
        SentryEvent event = event(SentryLevel.INFO, "mee6-sync recovered: sync " + syncId + " completed after "
                + failuresBefore + " consecutive failures (alerted at " + alertedAt + ")",
                List.of("mee6-sync", job, "recovered"));
        event.setTag("job", job);
        event.setTag("sync_id", truncate(syncId));
        event.setTag("failure_count", String.valueOf(failuresBefore));
        send(event);
    }

    /** Waits for queued events to leave: call before the Lambda handler returns. */
    public void flush() {
        if (enabled()) {
            Sentry.flush(config.flushTimeout().toMillis());
        }
    }

    private static SentryEvent event(SentryLevel level, String text, List<String> fingerprint) {
        SentryEvent event = new SentryEvent();
        Message message = new Message();
        message.setMessage(text);
        event.setMessage(message);
        event.setLevel(level);
        event.setLogger("dev.mee6sync");
        event.setFingerprints(fingerprint); // one Sentry issue per kind of event, however the error text varies
        return event;
    }

    private void send(SentryEvent event) {
        if (!enabled()) {
            LOG.warnf("Sentry is off (no SENTRY_DSN): not sent: %s", event.getMessage().getMessage());
            return;
        }
        Sentry.captureEvent(event);
        flush();
    }

    private static String truncate(String value) {
        return value == null || value.length() <= MAX_TAG_LENGTH ? value : value.substring(0, MAX_TAG_LENGTH - 1) + "…";
    }
}
