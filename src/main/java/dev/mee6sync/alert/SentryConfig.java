package dev.mee6sync.alert;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Sentry settings ({@code SENTRY_*}). No DSN: alerting and check-ins are off, never a crash. In a deployed stack the
 * DSN is a secret (see {@code AppSecrets}); {@code SENTRY_DSN} serves local runs.
 */
@ConfigMapping(prefix = "sentry")
public interface SentryConfig {

    /** The project DSN. */
    Optional<String> dsn();

    @WithDefault("production")
    String environment();

    /** How long a run waits for its events to leave before the handler returns (Lambda then freezes the process). */
    @WithDefault("3s")
    Duration flushTimeout();

    /** Sentry Crons: a check-in at the start and end of every scheduled run. */
    Monitor monitor();

    interface Monitor {
        /** The monitor's slug in Sentry (created on the first check-in that carries a schedule). */
        @WithDefault("mee6-sync")
        String slug();

        /** The EventBridge schedule expression of the job, sent as the monitor's schedule; unset: none. */
        Optional<String> schedule();

        /** The schedule of the daily ledger audit ({@code {"job": "audit"}}); its monitor is {@code <slug>-audit}. */
        Optional<String> auditSchedule();

        /** The schedule of the daily streak job ({@code {"job": "streaks"}}); its monitor is {@code <slug>-streaks}. */
        Optional<String> streaksSchedule();

        /** The schedule's time zone (EventBridge Scheduler's {@code ScheduleExpressionTimezone}). */
        @WithDefault("UTC")
        String timezone();

        /** Minutes a run may start late before Sentry counts it as missed. */
        @WithDefault("10")
        int checkinMargin();

        /**
         * Minutes a run may take before Sentry counts it as timed out. Unset: the Lambda timeout (the time left when
         * the run starts), plus one minute.
         */
        Optional<Integer> maxRuntime();
    }
}
