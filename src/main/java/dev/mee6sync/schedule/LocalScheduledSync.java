package dev.mee6sync.schedule;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mee6sync.db.SchemaMigration;
import dev.mee6sync.job.JobRequest;
import dev.mee6sync.job.JobRunner;
import dev.mee6sync.job.SyncIds;
import dev.mee6sync.job.Triggers;
import dev.mee6sync.sync.XpSyncJob;
import io.quarkus.scheduler.Scheduled;

/**
 * Runs the MEE6 sync on a timer inside the JVM: for {@code quarkus:dev} ({@code %dev.mee6.schedule=30s}) and for
 * anyone running the application as a long-lived process. {@code off} by default: in Lambda, EventBridge fires the
 * function.
 */
@ApplicationScoped
public class LocalScheduledSync {

    private final JobRunner runner;
    private final XpSyncJob sync;
    private final SchemaMigration migration;

    public LocalScheduledSync(JobRunner runner, XpSyncJob sync, SchemaMigration migration) {
        this.runner = runner;
        this.sync = sync;
        this.migration = migration;
    }

    @Scheduled(identity = "mee6-sync", every = "${mee6.schedule}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sync() {
        migration.ensureMigrated(); // the prod profile does not migrate at start-up (see SchemaMigration)
        runner.run(sync, JobRequest.of(XpSyncJob.NAME, SyncIds.fresh(sync.spec().idPrefix()), Triggers.LOCAL_SCHEDULE),
                runner.deadline(null));
    }
}
