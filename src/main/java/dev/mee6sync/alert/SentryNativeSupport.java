package dev.mee6sync.alert;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Sentry's protocol classes that this application sends, registered for the native image as the Quarkiverse Sentry
 * extension does; no native build checks them (infra/DEPLOY.md, "Native image: not verified here").
 */
@RegisterForReflection(targets = {
        io.sentry.SentryEvent.class,
        io.sentry.SentryBaseEvent.class,
        io.sentry.Breadcrumb.class,
        io.sentry.CheckIn.class,
        io.sentry.MonitorConfig.class,
        io.sentry.MonitorSchedule.class,
        io.sentry.MonitorContexts.class,
        io.sentry.SpanContext.class,
        io.sentry.protocol.Message.class,
        io.sentry.protocol.Contexts.class,
        io.sentry.protocol.SentryId.class,
        io.sentry.protocol.SentryRuntime.class,
        io.sentry.protocol.OperatingSystem.class,
        io.sentry.protocol.SdkVersion.class,
        io.sentry.protocol.SentryPackage.class,
        io.sentry.protocol.SentryException.class,
        io.sentry.protocol.SentryStackTrace.class,
        io.sentry.protocol.SentryStackFrame.class,
        io.sentry.protocol.Mechanism.class,
        io.sentry.protocol.SentryThread.class,
        io.sentry.protocol.User.class })
final class SentryNativeSupport {
    private SentryNativeSupport() {
    }
}
