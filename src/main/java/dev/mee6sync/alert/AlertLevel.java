package dev.mee6sync.alert;

/** How an alert shows in Sentry. */
public enum AlertLevel {
    INFO,
    WARNING,
    ERROR
}
