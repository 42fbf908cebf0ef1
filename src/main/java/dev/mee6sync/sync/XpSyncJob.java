package dev.mee6sync.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.mee6sync.alert.Alert;
import dev.mee6sync.alert.SentryConfig;
import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.config.SyncConfigCheck;
import dev.mee6sync.job.Finding;
import dev.mee6sync.job.Job;
import dev.mee6sync.job.JobFailure;
import dev.mee6sync.job.Run;
import dev.mee6sync.job.JobSpec;
import dev.mee6sync.job.RunOutcome;
import dev.mee6sync.persistence.BoardState;
import dev.mee6sync.xp.BoardFacts;
import dev.mee6sync.xp.Snowflake;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;
import dev.mee6sync.xp.XpSource;
import dev.mee6sync.xp.XpSourceException;
import io.quarkus.runtime.StartupEvent;

/**
 * The hourly sync: reads every linked member's XP from the XP source, records each reading in its provenance and turns
 * XP into points, in batches (docs/architecture.md, "What a sync does"; the rules: docs/ledger-rules.md).
 */
@ApplicationScoped
public class XpSyncJob implements Job<SyncTally, SyncStats> {

    public static final String NAME = "mee6";
    public static final String FULL_READ_OPTION = "fullRead";

    private static final Logger LOG = Logger.getLogger(XpSyncJob.class);
    /** Member lines logged at INFO per run and kind of baseline; the rest at DEBUG, with a count. */
    private static final int LOGGED_BASELINES = 20;
    /** Time kept from the read for the writes, per member: a batch of 500 takes ~30 ms; three times that room. */
    private static final Duration WRITE_TIME_PER_MEMBER = Duration.ofMillis(1);

    private final SyncConfig config;
    private final XpSource source;
    private final SyncStore store;
    private final JobSpec spec;
    /** The plausibility bound last logged by this process: logged again only when it changes. */
    private volatile Long loggedBound;

    public XpSyncJob(SyncConfig config, XpSource source, SyncStore store, SentryConfig sentry) {
        this.config = config;
        this.source = source;
        this.store = store;
        // scheduled ids keep their first spelling, scheduled-<time>: operators' queries and resume events use it
        this.spec = new JobSpec(NAME, "sync", "mee6-", "", Set.of(MassChangeAction.OPTION, FULL_READ_OPTION),
                sentry.monitor().slug(), sentry.monitor().schedule());
    }

    /** Says at start-up, not only at the first run, what is wrong with the configuration. */
    void checkConfiguration(@Observes StartupEvent event) {
        List<String> problems = problems();
        if (!config.syncEnabled()) {
            LOG.info("MEE6_SYNC_ENABLED is not true: runs will do nothing");
        } else if (!problems.isEmpty()) {
            LOG.errorf("Invalid configuration, every sync will fail until it is fixed: %s",
                    String.join("; ", problems));
        } else {
            LOG.info(SweepCapacity.describe(source.name(), source.paging(), config.functionTimeout(),
                    config.fullReadEvery()));
        }
    }

    @Override
    public JobSpec spec() {
        return spec;
    }

    @Override
    public SyncTally newTally() {
        return new SyncTally();
    }

    @Override
    public void run(Run run, SyncTally tally) {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            // a setting will not fix itself: it needs someone now
            throw new JobFailure("Invalid configuration: " + String.join("; ", problems), "configuration");
        }
        String sourceId = source.id();
        String guild = source.guildId().orElseThrow();
        MassChangeAction action = MassChangeAction.parse(run.option(MassChangeAction.OPTION));
        tally.massChange = action == null ? null : action.word();
        tally.xpSource = sourceId;

        long started = System.nanoTime();
        SyncStore.Start start = store.load(run, sourceId, guild);
        tally.databaseNanos += System.nanoTime() - started;
        BoardState.Snapshot board = start.board();
        // a rebaseline's epoch takes effect with its first write: a decision whose run fails changes nothing
        boolean newEpoch = action == MassChangeAction.REBASELINE && !run.runId().equals(board.epochRunId());
        SyncStore.EpochStart epochStart = newEpoch ? new SyncStore.EpochStart(sourceId, guild, board.epoch() + 1)
                : null;
        int epoch = epochStart != null ? epochStart.epoch() : board.epoch();
        tally.epoch = epoch;
        SyncPlanner.Context context = new SyncPlanner.Context(sourceId, guild, epoch, start.rate(), run.runTime(),
                config.maxXpPerHour(), new SyncPlanner.AbsenceProofs(board.lastFullReadAt(),
                        board.sweepCompletedAt(), board.sweepLastSliceTopXp()));

        List<MemberState> pending = pending(start.members(), run, tally);
        tally.errors = pending.size(); // until processed: what a failure from here on leaves undone
        if (!start.rate().enabled()) {
            LOG.infof("discord_activity points are disabled: sync %s records activity only", run.runId());
        }

        // a rebaseline reads the whole board unless told not to: every member on it gets its baseline at once
        String fullRead = run.option(FULL_READ_OPTION);
        tally.fullRead = fullRead != null ? Boolean.parseBoolean(fullRead) : action == MassChangeAction.REBASELINE;
        XpRequest.Slice slice = tally.fullRead ? null : Sweep.slice(board, Sweep.runsPer(config.fullReadEvery()),
                source.paging());
        if (tally.fullRead) {
            LOG.infof("Sync %s reads the whole board: %s", run.runId(), fullRead != null ? "asked by the event "
                    + "(fullRead)" : "a rebaseline");
        }
        XpSnapshot snapshot = read(run, tally, pending, context, slice);
        if (!snapshot.facts().readToEnd()) {
            for (MemberState member : pending) {
                if (snapshot.xp(member.discordId()).isEmpty()) {
                    tally.membersNotReached++;
                }
            }
        }
        tally.fullRead |= snapshot.facts().readToEnd(); // every page, from 0 to the end, in this run
        context = withBoardRate(context, snapshot.board(), run);

        List<SyncPlanner.Plan> plans = plan(run, pending, snapshot, context, tally);
        if (action == null) {
            MassChangeGuard.check(plans, snapshot.board(), board, config.massChange(), source.name(), run.runId())
                    .ifPresent(refusal -> {
                        tally.massChangeRefused = refusal.rule();
                        throw new JobFailure(refusal.message(), "mass-change:" + refusal.rule() + ":" + run.runId());
                    });
        } else {
            LOG.warnf("Sync %s carries out an operator's decision on a mass change: %s", run.runId(), action.word());
        }
        logBaselines(run, plans);
        persist(run, plans, tally, epochStart);
        BoardState.Read read = readOf(run, snapshot);
        BoardState.Snapshot after = store.readCompleted(run, sourceId, guild, read, epochStart);
        tally.sweep(board, after, read, snapshot.board());
    }

    /** The board's published XP rate raises the plausibility bound when it allows more than the configured one. */
    private SyncPlanner.Context withBoardRate(SyncPlanner.Context context, BoardFacts board, Run run) {
        Long derived = board.maxXpPerHour();
        long bound = derived == null ? context.maxXpPerHour() : Math.max(derived, context.maxXpPerHour());
        if (!Long.valueOf(bound).equals(loggedBound)) {
            LOG.infof("Sync %s: the most XP a member can gain in an hour is %,d (%s)", run.runId(), bound,
                    derived == null ? "MEE6_MAX_XP_PER_HOUR: the board publishes no XP rate"
                            : derived > context.maxXpPerHour() ? "from the board's published XP rate"
                                    : "MEE6_MAX_XP_PER_HOUR, above the board's published rate of " + derived);
            loggedBound = bound;
        }
        return bound == context.maxXpPerHour() ? context : context.withMaxXpPerHour(bound);
    }

    /** What the read gives the board's memory, at the run's time (never past now). */
    private static BoardState.Read readOf(Run run, XpSnapshot snapshot) {
        BoardFacts board = snapshot.board();
        BoardFacts.SliceFacts slice = board.slice();
        Instant at = run.runTime().isAfter(Instant.now()) ? Instant.now() : run.runTime();
        return new BoardState.Read(at, snapshot.facts().readToEnd(), board.players(), board.topXp(),
                board.endPage(), slice == null ? null : slice.nextPage(), slice == null ? null : slice.topXp(),
                slice != null && slice.reachedEnd());
    }

    /** Members it could not process, each a key: a later run that cannot process another member warns again. */
    @Override
    public Optional<Finding> finding(SyncTally tally) {
        if (tally.memberErrorCount == 0) {
            return Optional.empty();
        }
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("memberIds", tally.memberErrors.stream().map(SyncStats.MemberError::memberId).toList());
        Map<String, String> reasons = new LinkedHashMap<>();
        tally.memberErrors.forEach(error -> reasons.put(String.valueOf(error.memberId()), error.reason()));
        extras.put("reasons", reasons);
        Set<String> keys = new TreeSet<>();
        tally.memberErrors.forEach(error -> keys.add("member:" + error.memberId()));
        return Optional.of(new Finding(Alert.Level.WARNING, "degraded", "a sync completed without "
                + tally.memberErrorCount + " member(s) it could not process: " + tally.memberErrors.get(0).reason()
                + " (member ids and reasons in the event; those members' points wait until it is fixed)", extras,
                keys));
    }

    @Override
    public SyncStats stats(Run run, SyncTally tally, RunOutcome outcome, Integer consecutiveFailures) {
        return tally.stats(run, outcome, consecutiveFailures);
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>(SyncConfigCheck.problems(config));
        problems.addAll(source.configurationProblems());
        return problems;
    }

    /** The members this attempt processes: linked, with a valid id, not yet recorded by an earlier attempt. */
    private static List<MemberState> pending(List<MemberState> members, Run run, SyncTally tally) {
        tally.totalMembers = members.size();
        List<MemberState> pending = new ArrayList<>(members.size());
        List<Long> invalid = new ArrayList<>();
        for (MemberState member : members) {
            if (!Snowflake.isAccountId(member.discordId())) {
                invalid.add(member.memberId());
            } else if (member.alreadySynced()) {
                tally.membersAlreadySynced++;
            } else {
                pending.add(member);
            }
        }
        tally.invalidMembers = invalid.size();
        if (!invalid.isEmpty()) {
            LOG.warnf("Sync %s leaves out %d linked member(s) whose discord_id is not a Discord id (a snowflake: 15 to "
                    + "20 digits, no spaces): member ids %s. Fix member.discord_id; a corrected id starts with a "
                    + "baseline", run.runId(), invalid.size(), invalid);
        }
        return pending;
    }

    private XpSnapshot read(Run run, SyncTally tally, List<MemberState> pending, SyncPlanner.Context context,
            XpRequest.Slice slice) {
        List<XpRequest.Account> accounts = new ArrayList<>(pending.size());
        for (MemberState member : pending) {
            accounts.add(new XpRequest.Account(member.discordId(), SyncPlanner.floor(member, context)));
        }
        Instant deadline = run.deadline() == null ? null
                : run.deadline().minus(WRITE_TIME_PER_MEMBER.multipliedBy(pending.size()));
        try {
            XpSnapshot snapshot = source.read(new XpRequest(accounts, tally.fullRead, slice, deadline));
            tally.fetch = snapshot.facts();
            return snapshot;
        } catch (XpSourceException e) {
            tally.fetch = e.facts(); // the pages and retries of a failed read count in the metrics too
            // a permanent failure will not heal by itself: it needs someone now, once per cause and outage
            String attention = e.kind() == XpSourceException.Kind.PERMANENT ? "source:" + source.id() + ":" + e.reason()
                    : null;
            throw new JobFailure(e.source() + " fetch failed (" + e.kind().name().toLowerCase() + "): "
                    + e.getMessage(), attention);
        }
    }

    /** Every member's plan; a member that cannot be planned is left out (nothing written for it) and reported. */
    private static List<SyncPlanner.Plan> plan(Run run, List<MemberState> pending, XpSnapshot snapshot,
            SyncPlanner.Context context, SyncTally tally) {
        List<SyncPlanner.Plan> plans = new ArrayList<>(pending.size());
        for (MemberState member : pending) {
            try {
                plans.add(SyncPlanner.plan(member, snapshot.xp(member.discordId()), context));
            } catch (RuntimeException e) {
                // the next sync computes it again from the same state
                tally.memberError(member.memberId(), e.getMessage());
                LOG.errorf("Member %d skipped in sync %s: %s", member.memberId(), run.runId(), e.getMessage());
            }
        }
        return plans;
    }

    /** Baselines that are not first syncs say why, at INFO (the first few of a run; a re-link is rare). */
    private static void logBaselines(Run run, List<SyncPlanner.Plan> plans) {
        int logged = 0;
        int more = 0;
        for (SyncPlanner.Plan plan : plans) {
            if (plan.kind() == SyncPlanner.Kind.BASELINE || plan.kind() == SyncPlanner.Kind.IMPLAUSIBLE_FIRST_READING) {
                if (logged++ < LOGGED_BASELINES) {
                    LOG.infof("Member %d (%s) in sync %s: %s", plan.member().memberId(), plan.member().discordId(),
                            run.runId(), plan.describe());
                } else {
                    more++;
                }
            }
        }
        if (more > 0) {
            LOG.infof("Sync %s: %d more baselines of the same kinds (DEBUG lists them)", run.runId(), more);
        }
    }

    /** Writes the plans in batches; the first batch carries a rebaseline's epoch. */
    private void persist(Run run, List<SyncPlanner.Plan> plans, SyncTally tally, SyncStore.EpochStart epochStart) {
        int batchSize = config.batchSize();
        for (int from = 0; from < plans.size(); from += batchSize) {
            if (run.deadline() != null && Instant.now().isAfter(run.deadline())) {
                throw new JobFailure("Stopped before the Lambda timeout with " + (plans.size() - from) + " of "
                        + plans.size() + " members left; a re-run of " + run.runId() + " resumes it");
            }
            List<SyncPlanner.Plan> batch = plans.subList(from, Math.min(from + batchSize, plans.size()));
            long started = System.nanoTime();
            SyncStore.Written written = store.persist(run, batch, from == 0 ? epochStart : null);
            tally.databaseNanos += System.nanoTime() - started;
            count(run, batch, written, tally);
            tally.errors -= batch.size();
        }
    }

    /** Counted once committed, and only for the rows this attempt wrote. */
    private static void count(Run run, List<SyncPlanner.Plan> batch, SyncStore.Written written, SyncTally tally) {
        for (SyncPlanner.Plan plan : batch) {
            long memberId = plan.member().memberId();
            if (!written.recorded().contains(memberId)) {
                tally.membersAlreadySynced++; // a concurrent replay got there first
                continue;
            }
            if (LOG.isDebugEnabled()) {
                LOG.debugf("Member %d (%s): %s", memberId, plan.member().discordId(), plan.describe());
            }
            if (plan.activity().inLeaderboard()) {
                tally.membersInMee6++;
            } else {
                tally.membersNotInMee6++;
            }
            switch (plan.kind()) {
                case FIRST_SYNC -> tally.firstSyncs++;
                case BASELINE -> tally.provenanceBaselines++;
                case IMPLAUSIBLE_FIRST_READING -> tally.implausibleFirstReadings++;
                default -> {
                }
            }
            if (written.balances().containsKey(memberId)) {
                int points = plan.points();
                if (points > 0) {
                    tally.pointsAwarded += points;
                } else {
                    tally.pointsDeducted -= points;
                    logDeduction(run, plan, written.balances().get(memberId));
                }
            }
        }
    }

    /** One line per deduction, the audit trail in CloudWatch (docs/ledger-rules.md, "3. XP to points"). */
    private static void logDeduction(Run run, SyncPlanner.Plan plan, Long balanceAfter) {
        long memberId = plan.member().memberId();
        LOG.infof("Deducted %d points from member %d: XP delta %d on the board (effective %d with carry), sync %s, "
                + "balance now %d", -plan.points(), memberId, plan.activity().xpDelta(),
                plan.decision().conversion().effectiveXp(), run.runId(), balanceAfter);
        if (balanceAfter != null && balanceAfter < 0) {
            LOG.warnf("Member %d has a negative balance (%d) after an XP removal on the board (sync %s)", memberId,
                    balanceAfter, run.runId());
        }
    }
}
