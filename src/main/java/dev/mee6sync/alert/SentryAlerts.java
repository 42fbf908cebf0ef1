package dev.mee6sync.alert;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.mee6sync.secrets.AppSecrets;
import dev.mee6sync.text.Text;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sentry.DataCategory;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.hints.SubmissionResult;
import io.sentry.protocol.Message;
import io.sentry.transport.RateLimiter;
import io.sentry.util.HintUtils;

/**
 * Tells ops through Sentry, and knows whether they were told: an alert counts as sent only once Sentry answered its
 * envelope with a 2xx, seen through a {@link SubmissionResult} hint (infra/OPERATE.md, "How alerts are decided").
 */
@ApplicationScoped
public class SentryAlerts {

    private static final Logger LOG = Logger.getLogger(SentryAlerts.class);
    private static final int MAX_TAG_LENGTH = 200; // Sentry's limit for tag values
    private static final int TRIES = 2;
    private static final long PAUSE_BETWEEN_TRIES_MS = 200;

    private final SentryConfig config;
    private final AppSecrets secrets;
    private final String release;
    /** The DSN Sentry was started with by this application; null while it is off. */
    private String startedDsn;
    private boolean offLogged;
    /** The malformed DSN last reported, so that each one is reported once per execution environment. */
    private String malformedReported;

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
            LOG.info("Sentry starts with the first invocation: its DSN is read from Secrets Manager "
                    + "(MEE6_SECRETS_APP)");
            return;
        }
        start();
    }

    /** Starts Sentry with the application's DSN as {@link AppSecrets} holds it now (refreshed per invocation). */
    public void start() {
        start(secrets.sentryDsn());
    }

    /**
     * Starts Sentry with this DSN, or restarts it when the DSN changed (a rotated secret); off without one. Never
     * throws: a malformed DSN is reported (once, without its key) and leaves Sentry off, so the run goes on.
     */
    private synchronized void start(Optional<String> dsn) {
        String wanted = dsn.map(String::strip).filter(value -> !value.isEmpty()).orElse(null);
        if (wanted == null) {
            stop();
            if (!offLogged) {
                LOG.info("No Sentry DSN (SENTRY_DSN, or sentryDsn in the MEE6_SECRETS_APP secret): Sentry alerts are "
                        + "off");
                offLogged = true;
            }
            return;
        }
        offLogged = false;
        if (wanted.equals(startedDsn)) {
            return;
        }
        Optional<String> problem = DsnCheck.problem(wanted);
        if (problem.isPresent()) {
            stop();
            if (!wanted.equals(malformedReported)) {
                LOG.errorf("The Sentry DSN (SENTRY_DSN, or sentryDsn in the MEE6_SECRETS_APP secret) is malformed: %s. "
                        + "Sentry is off until it is fixed; the runs go on, and alerts stay owed until they can be "
                        + "sent", problem.get());
                malformedReported = wanted;
            }
            return;
        }
        try {
            Sentry.init(options -> {
                options.setDsn(wanted);
                options.setEnvironment(config.environment());
                options.setRelease(release);
                options.setSendDefaultPii(false);
                options.setAttachServerName(false);
                // Lambda freezes the process between invocations: events are flushed explicitly, not on shutdown
                options.setFlushTimeoutMillis(config.flushTimeout().toMillis());
            });
        } catch (RuntimeException e) {
            // the SDK's own message may quote the DSN: only its type is logged
            if (!wanted.equals(malformedReported)) {
                LOG.errorf("Sentry refused its DSN (%s): Sentry is off; the runs go on", e.getClass().getSimpleName());
                malformedReported = wanted;
            }
            return;
        }
        startedDsn = wanted;
        LOG.infof("Sentry alerts on (environment %s)", config.environment());
    }

    void close(@Observes ShutdownEvent event) {
        stop();
    }

    private synchronized void stop() {
        if (startedDsn != null) {
            Sentry.close();
            startedDsn = null;
        }
    }

    public boolean enabled() {
        return Sentry.isEnabled();
    }

    /**
     * Sends the alert and waits for Sentry's answer (up to the flush timeout), trying twice.
     *
     * @return whether Sentry confirmed it (2xx); false when Sentry is off, refused it, rate-limits us or did not answer
     */
    public boolean deliver(Alert alert) {
        if (!enabled()) {
            LOG.warnf("Sentry is off (no valid DSN): the %s alert was not sent: %s", alert.kind().label(),
                    alert.message());
            return false;
        }
        long timeoutMs = config.flushTimeout().toMillis();
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            if (rateLimited()) {
                LOG.warnf("Sentry asked this client to wait (rate limit): the %s alert was not sent (try %d of %d)",
                        alert.kind().label(), attempt, TRIES);
                return false;
            }
            Confirmation confirmation = new Confirmation();
            Sentry.captureEvent(event(alert), HintUtils.createWithTypeCheckHint(confirmation));
            Boolean answer = confirmation.await(timeoutMs);
            if (Boolean.TRUE.equals(answer)) {
                LOG.infof("Sentry confirmed the %s alert (try %d of %d)", alert.kind().label(), attempt, TRIES);
                return true;
            }
            LOG.warnf("Sentry did not confirm the %s alert (try %d of %d): %s", alert.kind().label(), attempt, TRIES,
                    answer == null ? "no answer within " + timeoutMs + " ms"
                            : "refused (an HTTP error or a rate limit)");
            if (attempt < TRIES && !pause()) {
                return false;
            }
        }
        return false;
    }

    /** Waits for queued envelopes (check-ins) to leave: call before the Lambda handler returns. */
    public void flush() {
        if (enabled()) {
            Sentry.flush(config.flushTimeout().toMillis());
        }
    }

    private static boolean rateLimited() {
        RateLimiter limiter = Sentry.getCurrentScopes().getRateLimiter();
        return limiter != null && limiter.isActiveForCategory(DataCategory.Error);
    }

    private static boolean pause() {
        try {
            Thread.sleep(PAUSE_BETWEEN_TRIES_MS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static SentryEvent event(Alert alert) {
        SentryEvent event = new SentryEvent();
        Message message = new Message();
        message.setMessage(alert.message());
        event.setMessage(message);
        event.setLevel(switch (alert.level()) {
            case INFO -> SentryLevel.INFO;
            case WARNING -> SentryLevel.WARNING;
            case ERROR -> SentryLevel.ERROR;
        });
        event.setLogger("dev.mee6sync");
        event.setFingerprints(alert.fingerprint());
        // "..." included, a tag value stays within Sentry's limit
        alert.tags().forEach((name, value) -> event.setTag(name, Text.abbreviate(value, MAX_TAG_LENGTH - 3)));
        for (Map.Entry<String, Object> extra : alert.extras().entrySet()) {
            event.setExtra(extra.getKey(), extra.getValue());
        }
        return event;
    }

    /** The transport's verdict on one envelope: true (2xx), false (refused, failed, dropped), null (no answer yet). */
    private static final class Confirmation implements SubmissionResult {
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile boolean success;

        @Override
        public void setResult(boolean success) {
            this.success = success;
            done.countDown();
        }

        @Override
        public boolean isSuccess() {
            return success;
        }

        Boolean await(long timeoutMs) {
            try {
                return done.await(timeoutMs, TimeUnit.MILLISECONDS) ? success : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
