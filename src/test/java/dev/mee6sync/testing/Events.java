package dev.mee6sync.testing;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.mee6sync.alert.SentryConfig;
import dev.mee6sync.audit.AuditJob;
import dev.mee6sync.lambda.RunRequests;
import dev.mee6sync.streak.StreakJob;
import dev.mee6sync.sync.XpSyncJob;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/** What the Lambda handler derives from an event, for tests without Quarkus (the jobs' names and sync ids only). */
public final class Events {

    private Events() {
    }

    /** The handler's event parsing over the three jobs (built without their collaborators: only names are used). */
    public static RunRequests requests() {
        SentryConfig sentry = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(SentryConfig.class)
                .build()
                .getConfigMapping(SentryConfig.class);
        // any time: the sample events carry fixed times
        return new RunRequests(List.of(new XpSyncJob(null, null, null, sentry), new AuditJob(null, sentry),
                new StreakJob(null, null, sentry)), Duration.ofDays(36_500), Clock.systemUTC());
    }
}
