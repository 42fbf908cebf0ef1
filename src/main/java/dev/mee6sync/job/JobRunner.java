package dev.mee6sync.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mee6sync.config.SyncConfig;

/**
 * Runs any {@link Job} the same way (docs/architecture.md, "A run, step by step"). Never throws: the outcome, failures
 * included, is in the returned stats.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    /** Time kept back from the Lambda timeout to record the outcome after the last piece of work. */
    public static final Duration OUTCOME_MARGIN = Duration.ofSeconds(20);

    private final SyncConfig config;
    private final JobLock locks;
    private final ControlPlane control;
    private final Alerts alerts;
    private final JobReport report;

    public JobRunner(SyncConfig config, JobLock locks, ControlPlane control, Alerts alerts, JobReport report) {
        this.config = config;
        this.locks = locks;
        this.control = control;
        this.alerts = alerts;
        this.report = report;
    }

    /** No work starts after it: {@code timeLeft}, else {@code MEE6_FUNCTION_TIMEOUT}, less {@link #OUTCOME_MARGIN}. */
    public Instant deadline(Duration timeLeft) {
        Duration left = timeLeft != null ? timeLeft : config.functionTimeout();
        return Instant.now().plus(left).minus(OUTCOME_MARGIN);
    }

    /** @param deadline when set, no work starts after it; the run then fails and a re-run of its id resumes it */
    public <T, S extends JobStats> S run(Job<T, S> job, RunRequest request, Instant deadline) {
        Run run = new Run(request, Instant.now(), deadline);
        T tally = job.newTally();
        if (!config.syncEnabled()) {
            return idle(job, run, tally, RunStatus.DISABLED, "MEE6_SYNC_ENABLED is not true: nothing read or written");
        }
        Optional<JobLock.Held> lock;
        try {
            lock = locks.tryAcquire(job.name());
        } catch (Exception e) {
            return uncounted(job, run, tally, e);
        }
        if (lock.isEmpty()) {
            return idle(job, run, tally, RunStatus.SKIPPED, "another run holds the job lock: it does the work");
        }
        // the end is recorded before the lock is released: a run taking the lock in between would find this run
        // still RUNNING and count it as abandoned
        try (JobLock.Held held = lock.get()) {
            run.lock(held);
            return runLocked(job, run, tally);
        } catch (RuntimeException e) {
            return uncounted(job, run, tally, e);
        }
    }

    private <T, S extends JobStats> S runLocked(Job<T, S> job, Run run, T tally) {
        int threshold = config.alertAfterFailures();
        ControlPlane.Begin begin = control.begin(run, job.spec(), threshold);
        begin.abandoned().forEach(id -> LOG.warnf("Run %s of job %s never recorded its end: counted as a failed run",
                id, job.name()));
        alerts.send(job.name(), begin.owed());
        if (begin.attempt() == 0) {
            return idle(job, run, tally, RunStatus.SKIPPED,
                    "run " + run.runId() + " already completed: nothing left to do");
        }
        run.attempt(begin.attempt());

        RunOutcome outcome = work(job, run, tally);
        ControlPlane.End<S> end;
        try {
            end = control.end(job, run, tally, outcome, threshold);
        } catch (RuntimeException e) {
            // the job's work stands (it committed as it went); the next run counts this one as abandoned
            LOG.errorf("Run %s of job %s ended %s, but its end could not be recorded: %s", run.runId(), job.name(),
                    outcome.status(), Failures.describe(e, run.runId()));
            return report.log(job.spec(), job.stats(run, tally, outcome, null));
        }
        if (outcome.failed()) {
            LOG.warnf("%d consecutive failed runs of job %s (ops are alerted at %d, or at once when it needs "
                    + "someone)", end.stats().consecutiveFailures(), job.name(), threshold);
        }
        alerts.send(job.name(), end.owed());
        return report.log(job.spec(), end.stats());
    }

    /** The job's work, as an outcome: a failure is caught and described for operators. */
    private static <T, S extends JobStats> RunOutcome work(Job<T, S> job, Run run, T tally) {
        try {
            job.run(run, tally);
        } catch (Exception e) {
            String message = Failures.describe(e, run.runId());
            LOG.errorf("Run %s of job %s failed: %s", run.runId(), job.name(), message);
            if (Failures.unexpected(e)) {
                LOG.error("Unexpected failure", e); // a bug: keep the stack trace
            }
            return RunOutcome.failed(message, e instanceof JobFailure failure ? failure.attentionKey() : null);
        }
        return RunOutcome.completed(job.finding(tally).orElse(null));
    }

    private <T, S extends JobStats> S idle(Job<T, S> job, Run run, T tally, RunStatus status, String message) {
        return report.log(job.spec(), job.stats(run, tally, RunOutcome.idle(status, message), null));
    }

    /** The run failed where its failure cannot be counted (the database is unreachable, or the bookkeeping broke). */
    private <T, S extends JobStats> S uncounted(Job<T, S> job, Run run, T tally, Exception cause) {
        String message = Failures.describe(cause, run.runId());
        LOG.errorf("Run %s of job %s failed: %s. Its failure could not be counted in sync_state (is the database "
                + "reachable?)", run.runId(), job.name(), message);
        if (Failures.unexpected(cause)) {
            LOG.error("Unexpected failure", cause);
        }
        return report.log(job.spec(), job.stats(run, tally, RunOutcome.failed(message, null), null));
    }
}
