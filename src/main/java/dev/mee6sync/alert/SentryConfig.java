package dev.mee6sync.alert;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Sentry settings, from {@code SENTRY_DSN} and {@code SENTRY_ENVIRONMENT}. No DSN: alerting is off, never a crash. */
@ConfigMapping(prefix = "sentry")
public interface SentryConfig {

    /** The project DSN (a secret in deployed stacks). */
    Optional<String> dsn();

    @WithDefault("production")
    String environment();

    /** How long a run waits for its events to leave before the handler returns (Lambda then freezes the process). */
    @WithDefault("3s")
    Duration flushTimeout();
}
