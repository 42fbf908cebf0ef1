package dev.mee6sync.schedule;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mee6sync.job.Invocations;
import dev.mee6sync.job.RunIds;
import dev.mee6sync.job.RunRequest;
import dev.mee6sync.job.Triggers;
import dev.mee6sync.sync.XpSyncJob;
import io.quarkus.scheduler.Scheduled;

/**
 * Runs the XP sync on a timer inside the JVM, the way the Lambda handler runs it: for {@code quarkus:dev}
 * ({@code %dev.mee6.schedule=30s}) and long-lived processes. {@code off} by default: in Lambda, EventBridge fires it.
 */
@ApplicationScoped
public class LocalScheduledSync {

    private final Invocations invocations;
    private final XpSyncJob sync;

    public LocalScheduledSync(Invocations invocations, XpSyncJob sync) {
        this.invocations = invocations;
        this.sync = sync;
    }

    @Scheduled(identity = "mee6-sync", every = "${mee6.schedule}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sync() {
        invocations.run(sync, RunRequest.of(XpSyncJob.NAME, RunIds.fresh(sync.spec().idPrefix()),
                Triggers.LOCAL_SCHEDULE), null);
    }
}
