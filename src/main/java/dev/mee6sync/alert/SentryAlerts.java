package dev.mee6sync.alert;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.mee6sync.secrets.AppSecrets;
import io.quarkus.runtime.ShutdownEvent;
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
    private final AppSecrets secrets;
    private final String release;
    /** The DSN Sentry was started with by this application; null while it is off. */
    private String startedDsn;
    private boolean offLogged;

    public SentryAlerts(SentryConfig config, AppSecrets secrets,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.config = config;
        this.secrets = secrets;
        this.release = "mee6-sync@" + version;
    }

    /**
     * Once per process (a Lambda cold start), before the first run. A DSN kept in Secrets Manager is not readable yet
     * (the secrets extension answers only during invocations): the handler starts Sentry then, with {@link #start}.
     */
    void init(@Observes StartupEvent event) {
        if (secrets.fromSecretsManager()) {
            LOG.info("Sentry starts with the first invocation: its DSN is read from Secrets Manager (MEE6_SECRETS_APP)");
            return;
        }
        start(secrets.sentryDsn());
    }

    /** Starts Sentry with this DSN, or restarts it when the DSN changed (a rotated secret); off without one. */
    public synchronized void start(Optional<String> dsn) {
        String wanted = dsn.filter(value -> !value.isBlank()).orElse(null);
        if (wanted == null) {
            if (startedDsn != null) {
                Sentry.close();
                startedDsn = null;
            }
            if (!offLogged) {
                LOG.info("No Sentry DSN (SENTRY_DSN, or sentryDsn in the MEE6_SECRETS_APP secret): Sentry alerts are off");
                offLogged = true;
            }
            return;
        }
        offLogged = false;
        if (wanted.equals(startedDsn)) {
            return;
        }
        Sentry.init(options -> {
            options.setDsn(wanted);
            options.setEnvironment(config.environment());
            options.setRelease(release);
            options.setSendDefaultPii(false);
            options.setAttachServerName(false);
            // Lambda freezes the process between invocations: events are flushed explicitly, not on shutdown
            options.setFlushTimeoutMillis(config.flushTimeout().toMillis());
        });
        startedDsn = wanted;
        LOG.infof("Sentry alerts on (environment %s)", config.environment());
    }

    void close(@Observes ShutdownEvent event) {
        synchronized (this) {
            if (startedDsn != null) {
                Sentry.close();
                startedDsn = null;
            }
        }
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
