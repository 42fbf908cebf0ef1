package dev.mee6sync.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mee6sync.alert.AlertLevel;
import dev.mee6sync.alert.SentryConfig;
import dev.mee6sync.job.Condition;
import dev.mee6sync.job.Job;
import dev.mee6sync.job.JobRun;
import dev.mee6sync.job.JobSpec;
import dev.mee6sync.job.RunStatus;

/**
 * The daily audit ({@code {"job": "audit"}}): checks the whole ledger against its invariants without changing
 * anything, and reports {@code OK} or {@code DRIFT} with examples. Drift is the job's warning condition: one Sentry
 * event (error level, member ids only) until an audit finds the ledger sound again; it is also logged at ERROR.
 */
@ApplicationScoped
public class AuditJob implements Job<AuditJob.Tally, AuditStats> {

    public static final String NAME = "audit";
    /** Examples (and member ids) a run reports at most, over all invariants. */
    static final int MAX_EXAMPLES = 20;
    private static final Logger LOG = Logger.getLogger(AuditJob.class);

    private final LedgerChecks checks;
    private final JobSpec spec;

    public AuditJob(LedgerChecks checks, SentryConfig sentry) {
        this.checks = checks;
        this.spec = new JobSpec(NAME, "audit", "audit-", "audit-", Set.of(), sentry.monitor().slug() + "-audit",
                sentry.monitor().auditSchedule());
    }

    /** What the audit found so far: nothing until its one read of the ledger is done. */
    public static final class Tally {
        LedgerChecks.Findings findings;

        long problems() {
            return findings == null ? 0 : findings.problems().values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Override
    public JobSpec spec() {
        return spec;
    }

    @Override
    public Tally newTally() {
        return new Tally();
    }

    @Override
    public void run(JobRun run, Tally tally) {
        tally.findings = checks.check(run.deadline());
        if (tally.problems() > 0) {
            LOG.errorf("Audit %s: the ledger drifted: %d problems %s; examples: %s", run.syncId(), tally.problems(),
                    tally.findings.problems(), tally.findings.examples());
        }
    }

    @Override
    public Optional<Condition> condition(Tally tally) {
        if (tally.problems() == 0) {
            return Optional.empty();
        }
        List<LedgerChecks.Problem> examples = tally.findings.examples();
        return Optional.of(new Condition(AlertLevel.ERROR, "drift", "the ledger audit found " + tally.problems()
                + " broken invariant(s) " + tally.findings.problems() + ": member ids "
                + examples.stream().map(LedgerChecks.Problem::memberId).distinct().limit(MAX_EXAMPLES).toList()
                + " (docs/ledger-rules.md, \"What the audit checks\")", Map.of("examples", examples)));
    }

    @Override
    public AuditStats stats(JobRun run, Tally tally, RunStatus status, String message, Integer consecutiveFailures) {
        Instant now = Instant.now();
        String outcome = status != RunStatus.COMPLETED ? status.name()
                : tally.problems() > 0 ? AuditStats.DRIFT : AuditStats.OK;
        LedgerChecks.Findings findings = tally.findings;
        return new AuditStats(run.syncId(), run.trigger(), outcome, message,
                findings == null ? 0 : findings.membersChecked(), tally.problems(),
                findings == null ? Map.of() : findings.problems(),
                findings == null ? List.of() : findings.examples().stream().limit(MAX_EXAMPLES).toList(), run.startedAt(), now,
                Duration.between(run.startedAt(), now).toMillis(), consecutiveFailures);
    }
}
