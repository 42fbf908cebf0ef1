package dev.mee6sync.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mee6sync.alert.Alert;
import dev.mee6sync.alert.SentryConfig;
import dev.mee6sync.job.Finding;
import dev.mee6sync.job.Job;
import dev.mee6sync.job.Run;
import dev.mee6sync.job.JobSpec;
import dev.mee6sync.job.RunOutcome;

/**
 * The daily audit ({@code {"job": "audit"}}): checks the ledger's invariants without changing anything and reports
 * {@code OK} or {@code DRIFT} (docs/ledger-rules.md, "7. What the audit checks").
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
    public void run(Run run, Tally tally) {
        tally.findings = checks.check(run.deadline());
        if (tally.problems() > 0) {
            LOG.errorf("Audit %s: the ledger drifted: %d problems %s; examples: %s", run.runId(), tally.problems(),
                    tally.findings.problems(), tally.findings.examples());
        }
    }

    /** Drift, about each broken invariant and each member of the examples: a later audit finding more warns again. */
    @Override
    public Optional<Finding> finding(Tally tally) {
        if (tally.problems() == 0) {
            return Optional.empty();
        }
        List<LedgerChecks.Problem> examples = tally.findings.examples();
        Set<String> keys = new TreeSet<>();
        tally.findings.problems().forEach((invariant, count) -> {
            if (count > 0) {
                keys.add("invariant:" + invariant);
            }
        });
        examples.forEach(problem -> keys.add("member:" + problem.memberId()));
        return Optional.of(new Finding(Alert.Level.ERROR, "drift", "the ledger audit found " + tally.problems()
                + " broken invariant(s) " + tally.findings.problems() + ": member ids "
                + examples.stream().map(LedgerChecks.Problem::memberId).distinct().limit(MAX_EXAMPLES).toList()
                + " (docs/ledger-rules.md, \"What the audit checks\")", Map.of("examples", examples), keys));
    }

    @Override
    public AuditStats stats(Run run, Tally tally, RunOutcome outcome, Integer consecutiveFailures) {
        Instant now = Instant.now();
        LedgerChecks.Findings findings = tally.findings;
        return new AuditStats(run.runId(), run.trigger(), outcome.status(), outcome.message(),
                findings == null ? 0 : findings.membersChecked(), tally.problems(),
                findings == null ? Map.of() : findings.problems(),
                findings == null ? List.of() : findings.examples().stream().limit(MAX_EXAMPLES).toList(),
                run.startedAt(), now, Duration.between(run.startedAt(), now).toMillis(), consecutiveFailures);
    }
}
