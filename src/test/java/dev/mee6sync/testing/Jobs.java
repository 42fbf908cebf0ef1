package dev.mee6sync.testing;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mee6sync.audit.AuditJob;
import dev.mee6sync.audit.AuditStats;
import dev.mee6sync.job.RunRequest;
import dev.mee6sync.job.JobRunner;
import dev.mee6sync.streak.StreakJob;
import dev.mee6sync.streak.StreakStats;
import dev.mee6sync.sync.SyncStats;
import dev.mee6sync.sync.XpSyncJob;

/**
 * Runs straight on the job runner, for what the mock event server cannot do (runs at the same moment, a chosen
 * deadline): the same runner the Lambda handler calls.
 */
@ApplicationScoped
public class Jobs {

    private final JobRunner runner;
    private final XpSyncJob sync;
    private final AuditJob audit;
    private final StreakJob streaks;

    public Jobs(JobRunner runner, XpSyncJob sync, AuditJob audit, StreakJob streaks) {
        this.runner = runner;
        this.sync = sync;
        this.audit = audit;
        this.streaks = streaks;
    }

    /** A MEE6 sync request with this sync id, fired by "test". */
    public static RunRequest syncRequest(String syncId) {
        return RunRequest.of(XpSyncJob.NAME, syncId, "test");
    }

    public SyncStats sync(String syncId) {
        return sync(syncRequest(syncId));
    }

    public SyncStats sync(RunRequest request) {
        return runner.run(sync, request, null);
    }

    public SyncStats sync(RunRequest request, Instant deadline) {
        return runner.run(sync, request, deadline);
    }

    public AuditStats audit(String syncId) {
        return runner.run(audit, RunRequest.of(AuditJob.NAME, syncId, "test"), null);
    }

    public StreakStats streaks(RunRequest request) {
        return runner.run(streaks, request, null);
    }
}
