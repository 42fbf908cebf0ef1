package dev.mee6sync.sync;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.mee6sync.alert.SentryAlerts;
import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.config.SyncConfigCheck;
import dev.mee6sync.ledger.AwardDecision;
import dev.mee6sync.ledger.PointRate;
import dev.mee6sync.ledger.PointsService;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;
import dev.mee6sync.xp.XpSource;
import dev.mee6sync.xp.XpSourceException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;

/**
 * One sync run: fetch every linked member's MEE6 XP, record what was seen, convert XP to points, and keep the
 * failure counter. Whatever fires it (Lambda, the local scheduler, a test) comes through {@link #syncMee6Xp}.
 * <p>
 * Writes happen in batches, each one database transaction holding its members' activity rows, point transactions,
 * balances and {@code last_active_at}. A batch that commits is complete; a run that fails between batches leaves
 * complete members only, and a re-run with the same sync id skips them.
 */
@ApplicationScoped
public class SyncService {

    private static final Logger LOG = Logger.getLogger(SyncService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SyncConfig config;
    private final AgroalDataSource dataSource;
    private final XpSource xp;
    private final SyncStore store;
    private final PointsService points;
    private final JobLock lock;
    private final SyncRunLog runLog;
    private final FailureCounter failures;
    private final SentryAlerts alerts;
    private final SyncReport report;

    public SyncService(SyncConfig config, AgroalDataSource dataSource, XpSource xp, SyncStore store,
            PointsService points, JobLock lock, SyncRunLog runLog, FailureCounter failures, SentryAlerts alerts,
            SyncReport report) {
        this.config = config;
        this.dataSource = dataSource;
        this.xp = xp;
        this.store = store;
        this.points = points;
        this.lock = lock;
        this.runLog = runLog;
        this.failures = failures;
        this.alerts = alerts;
        this.report = report;
    }

    /** Says at start-up, not only at the first run, what is wrong with the configuration. */
    void checkConfiguration(@Observes StartupEvent event) {
        List<String> problems = configurationProblems();
        if (!problems.isEmpty()) {
            LOG.errorf("Invalid configuration, every sync will fail until it is fixed: %s", String.join("; ", problems));
        } else if (!config.syncEnabled()) {
            LOG.info("MEE6_SYNC_ENABLED is not true: runs will do nothing");
        }
    }

    /** The source's problems (only asked when the sync is enabled), then the sync's own. */
    private List<String> configurationProblems() {
        List<String> problems = new ArrayList<>();
        if (config.syncEnabled()) {
            problems.addAll(xp.configurationProblems());
        }
        problems.addAll(SyncConfigCheck.problems(config));
        return problems;
    }

    /** A fresh sync id for a run that has none from its trigger: {@code mee6-<epoch millis>-<6 base36 chars>}. */
    public static String newSyncId() {
        StringBuilder suffix = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            suffix.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return "mee6-" + System.currentTimeMillis() + "-" + suffix;
    }

    public SyncStats syncMee6Xp(SyncTrigger trigger) {
        return syncMee6Xp(trigger, null);
    }

    /**
     * Runs one sync. Never throws: the outcome, failures included, is in the returned stats (the Lambda handler
     * turns FAILED into an invocation error).
     *
     * @param deadline when set, no batch starts after it (the Lambda timeout minus a margin); the run then fails
     *                 and a re-run with the same sync id resumes it
     */
    public SyncStats syncMee6Xp(SyncTrigger trigger, Instant deadline) {
        Instant startedAt = Instant.now();
        if (!config.syncEnabled()) {
            return report.log(SyncStats.idle(trigger, SyncStatus.DISABLED,
                    "MEE6_SYNC_ENABLED is not true: nothing read or written", startedAt));
        }
        SyncStats.Tally tally = new SyncStats.Tally();
        try (Connection connection = dataSource.getConnection()) {
            if (!lock.tryAcquire(connection)) {
                return report.log(SyncStats.idle(trigger, SyncStatus.SKIPPED,
                        "another run holds the job lock: it processes the members", startedAt));
            }
            // The outcome (failure counter, sync_run) is recorded before the lock is released: a run that got the
            // lock in between would find this run's sync_run row still RUNNING and count it as abandoned.
            try {
                for (String abandoned : runLog.closeAbandoned(connection)) {
                    LOG.warnf("Sync %s never recorded its end: counted as a failed run", abandoned);
                    countFailure(abandoned, SyncRunLog.ABANDONED);
                }
                int attempt = runLog.start(connection, trigger);
                if (attempt == 0) {
                    return report.log(SyncStats.idle(trigger, SyncStatus.SKIPPED,
                            "sync " + trigger.syncId() + " already completed: nothing left to do", startedAt));
                }
                run(connection, trigger, deadline, tally, attempt > 1);
                return report.log(succeed(trigger, startedAt, tally));
            } catch (SQLException | RuntimeException e) {
                return report.log(fail(trigger, startedAt, tally, e));
            } finally {
                lock.release(connection);
            }
        } catch (SQLException | RuntimeException e) {
            return report.log(fail(trigger, startedAt, tally, e));
        }
    }

    private void run(Connection connection, SyncTrigger trigger, Instant deadline, SyncStats.Tally tally, boolean resumed)
            throws SQLException {
        List<String> problems = configurationProblems();
        if (!problems.isEmpty()) {
            throw new SyncFailure("Invalid configuration: " + String.join("; ", problems));
        }
        long dbStart = System.nanoTime();
        connection.setAutoCommit(false);
        PointRate rate = points.loadRate(connection);
        List<MemberState> members = store.loadMembers(connection, trigger.syncId(), resumed);
        connection.commit();
        tally.databaseNanos += System.nanoTime() - dbStart;

        tally.totalMembers = members.size();
        List<MemberState> pending = new ArrayList<>(members.size());
        for (MemberState member : members) {
            if (member.alreadySynced()) {
                tally.membersAlreadySynced++;
            } else {
                pending.add(member);
            }
        }
        tally.errors = pending.size(); // until processed: what a failure from here on leaves undone
        if (!rate.enabled()) {
            LOG.infof("discord_activity points are disabled: sync %s records activity only", trigger.syncId());
        }

        // all or nothing: a failed fetch throws before anything is written
        // a floor of 0 XP for everyone and no full read keep the rule of this sync: read until every pending member
        // is found, or to the end of the board
        XpSnapshot snapshot;
        try {
            snapshot = xp.read(new XpRequest(pending.stream().map(m -> new XpRequest.Account(m.discordId(), 0L))
                    .toList(), false, null));
        } catch (XpSourceException e) {
            tally.fetch = e.facts(); // the pages and retries of a failed fetch count in the metrics too
            throw e;
        }
        tally.fetch = snapshot.facts();

        for (int from = 0; from < pending.size(); from += config.batchSize()) {
            if (deadline != null && Instant.now().isAfter(deadline)) {
                throw new SyncFailure("Stopped before the Lambda timeout with " + (pending.size() - from) + " of "
                        + pending.size() + " members left; a re-run of sync " + trigger.syncId() + " resumes it");
            }
            List<MemberState> batch = pending.subList(from, Math.min(from + config.batchSize(), pending.size()));
            long batchStart = System.nanoTime();
            persistBatch(connection, trigger.syncId(), batch, snapshot, rate, tally);
            tally.databaseNanos += System.nanoTime() - batchStart;
        }
    }

    /** One transaction: the batch's activity rows, then the point transactions of the rows that were new. */
    private void persistBatch(Connection connection, String syncId, List<MemberState> batch, XpSnapshot snapshot,
            PointRate rate, SyncStats.Tally tally) throws SQLException {
        Map<Long, SyncPlanner.Plan> plans = new HashMap<>();
        List<ActivityRow> rows = new ArrayList<>(batch.size());
        int planningErrors = 0;
        for (MemberState member : batch) {
            try {
                SyncPlanner.Plan plan = SyncPlanner.plan(member, snapshot.xp(member.discordId()), rate);
                plans.put(member.memberId(), plan);
                rows.add(plan.activity());
            } catch (RuntimeException e) {
                // nothing is written for this member: the next sync computes it again from the same state
                planningErrors++;
                LOG.errorf("Member %d skipped in sync %s: %s", member.memberId(), syncId, e.getMessage());
            }
        }
        Set<Long> recorded = store.insertActivity(connection, syncId, rows);
        List<AwardDecision> decisions = new ArrayList<>();
        for (Long memberId : recorded) {
            AwardDecision decision = plans.get(memberId).decision();
            if (decision != null) {
                decisions.add(decision);
            }
        }
        points.apply(connection, syncId, decisions);
        connection.commit();

        // counted once committed, and only for the rows this attempt wrote
        for (Long memberId : recorded) {
            SyncResult result = plans.get(memberId).result();
            if (LOG.isDebugEnabled()) {
                LOG.debugf("Member %d (%s): %s", memberId, result.discordId(), SyncReport.describe(result));
            }
            if (result.inLeaderboard()) {
                tally.membersInMee6++;
            } else {
                tally.membersNotInMee6++;
            }
            if (result.isFirstSync()) {
                tally.firstSyncs++;
            }
            if (result.pointsAwarded() > 0) {
                tally.pointsAwarded += result.pointsAwarded();
            } else {
                tally.pointsDeducted -= result.pointsAwarded();
            }
        }
        tally.membersAlreadySynced += rows.size() - recorded.size(); // a concurrent replay got there first
        tally.errors -= batch.size() - planningErrors;
    }

    private SyncStats succeed(SyncTrigger trigger, Instant startedAt, SyncStats.Tally tally) {
        try {
            FailureCounter.Success success = failures.recordSuccess();
            tally.consecutiveFailures = 0;
            if (success.endsAlertedOutage()) {
                alerts.recovered(FailureCounter.JOB, trigger.syncId(), success.failuresBefore(), success.alertedAt());
            }
        } catch (SQLException e) {
            // the members are synced; only the bookkeeping failed, and the next run redoes it
            LOG.errorf("Sync %s completed, but the failure counter could not be reset: %s", trigger.syncId(),
                    e.getMessage());
        }
        SyncStats stats = tally.finish(trigger, SyncStatus.COMPLETED, null, startedAt);
        try {
            runLog.finish(stats);
        } catch (SQLException e) {
            LOG.errorf("Sync %s completed, but its sync_run row could not be updated: %s", trigger.syncId(),
                    e.getMessage());
        }
        return stats;
    }

    private SyncStats fail(SyncTrigger trigger, Instant startedAt, SyncStats.Tally tally, Exception cause) {
        String message = describe(cause, trigger.syncId());
        LOG.errorf("Sync %s failed: %s", trigger.syncId(), message);
        if (cause instanceof RuntimeException && !(cause instanceof SyncFailure) && !(cause instanceof XpSourceException)) {
            LOG.error("Unexpected failure", cause); // a bug: keep the stack trace
        }
        tally.consecutiveFailures = countFailure(trigger.syncId(), message);
        SyncStats stats = tally.finish(trigger, SyncStatus.FAILED, message, startedAt);
        try {
            runLog.finish(stats);
        } catch (SQLException e) {
            LOG.errorf("Could not record the failure of sync %s in sync_run: %s", trigger.syncId(), e.getMessage());
        }
        return stats;
    }

    /** Counts a failed run in sync_state, and alerts ops if it is the one that reaches the threshold. */
    private Integer countFailure(String syncId, String message) {
        try {
            FailureCounter.Failure failure = failures.recordFailure(message, config.alertAfterFailures());
            LOG.warnf("%d consecutive failed syncs (ops are alerted at %d)", failure.consecutiveFailures(),
                    config.alertAfterFailures());
            if (failure.alertNow()) {
                alerts.outage(FailureCounter.JOB, syncId, failure.consecutiveFailures(), message);
            }
            return failure.consecutiveFailures();
        } catch (SQLException e) {
            LOG.errorf("Could not count the failure of sync %s in sync_state (is the database reachable?): %s",
                    syncId, e.getMessage());
            return null;
        }
    }

    private static String describe(Exception cause, String syncId) {
        if (cause instanceof XpSourceException fetch) {
            return fetch.source() + " fetch failed (" + fetch.kind().name().toLowerCase() + "): " + fetch.getMessage();
        }
        if (cause instanceof SQLException sql) {
            return "Database error: " + sql.getMessage()
                    + (sql.getSQLState() == null ? "" : " [SQLState " + sql.getSQLState() + "]")
                    + ". Batches committed before it stay complete; a re-run of sync " + syncId + " resumes the rest";
        }
        if (cause instanceof SyncFailure) {
            return cause.getMessage();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** A failure the sync detected itself, with a message meant for operators. */
    static final class SyncFailure extends RuntimeException {
        SyncFailure(String message) {
            super(message);
        }
    }
}
