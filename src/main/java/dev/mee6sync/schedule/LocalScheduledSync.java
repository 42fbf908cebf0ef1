package dev.mee6sync.schedule;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import dev.mee6sync.persistence.SchemaMigration;
import dev.mee6sync.sync.SyncService;
import dev.mee6sync.sync.SyncTrigger;

/**
 * Runs the sync on a timer inside the JVM: for {@code quarkus:dev} ({@code %dev.mee6.schedule=30s}) and for anyone
 * running the application as a long-lived process. {@code off} by default: in Lambda, EventBridge fires the
 * function.
 */
@ApplicationScoped
public class LocalScheduledSync {

    private final SyncService syncService;
    private final SchemaMigration migration;

    public LocalScheduledSync(SyncService syncService, SchemaMigration migration) {
        this.syncService = syncService;
        this.migration = migration;
    }

    @Scheduled(identity = "mee6-sync", every = "${mee6.schedule}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sync() {
        migration.ensureMigrated(); // the prod profile does not migrate at start-up (see SchemaMigration)
        syncService.syncMee6Xp(new SyncTrigger(SyncService.newSyncId(), "local-schedule"));
    }
}
