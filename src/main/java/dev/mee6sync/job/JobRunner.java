package dev.mee6sync.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mee6sync.config.SyncConfig;

/**
 * Runs any {@link Job}, the same way for each: the master switch; the job's lock (a run that finds it taken is
 * SKIPPED); its runs that never recorded their end, closed and counted; its {@code sync_run} row (a sync id that
 * already completed is SKIPPED); the job's work; then, still under the lock, the failure counter, the alerts owed to
 * ops and the warning channel, the run's row; and last one log line and one EMF line. Never throws: the outcome,
 * failures included, is in the returned stats (the Lambda handler turns FAILED into an invocation error).
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    /** Time kept back from the Lambda timeout to record the outcome after the last piece of work. */
    public static final Duration OUTCOME_MARGIN = Duration.ofSeconds(20);

    private final SyncConfig config;
    private final JobLock locks;
    private final JobControl control;
    private final Alerts alerts;
    private final JobReport report;

    public JobRunner(SyncConfig config, JobLock locks, JobControl control, Alerts alerts, JobReport report) {
        this.config = config;
        this.locks = locks;
        this.control = control;
        this.alerts = alerts;
        this.report = report;
    }

    /**
     * The deadline of a run with {@code timeLeft} (the invocation's remaining time): no work starts after it. A run
     * whose invocation gives none (a local run) gets the function's timeout ({@code MEE6_FUNCTION_TIMEOUT}).
     */
    public Instant deadline(Duration timeLeft) {
        Duration left = timeLeft != null ? timeLeft : config.functionTimeout();
        return Instant.now().plus(left).minus(OUTCOME_MARGIN);
    }

    /**
     * @param deadline when set, no work starts after it (the Lambda timeout less the margin to record the outcome);
     *                 the run then fails and a re-run with the same sync id resumes it
     */
    public <T, S extends JobStats> S run(Job<T, S> job, JobRequest request, Instant deadline) {
        JobRun run = new JobRun(request, Instant.now(), deadline);
        T tally = job.newTally();
        if (!config.syncEnabled()) {
            return idle(job, run, tally, RunStatus.DISABLED, "MEE6_SYNC_ENABLED is not true: nothing read or written");
        }
        Optional<JobLock.Held> lock;
        try {
            lock = locks.tryAcquire(job.name());
        } catch (Exception e) {
            return failedUncounted(job, run, tally, e);
        }
        if (lock.isEmpty()) {
            return idle(job, run, tally, RunStatus.SKIPPED, "another run holds the job lock: it processes the members");
        }
        // the outcome is recorded before the lock is released: a run that got the lock in between would find this
        // run's sync_run row still RUNNING and count it as abandoned
        try (JobLock.Held held = lock.get()) {
            run.lock(held);
            return runLocked(job, run, tally);
        } catch (RuntimeException e) {
            return failedUncounted(job, run, tally, e);
        }
    }

    private <T, S extends JobStats> S runLocked(Job<T, S> job, JobRun run, T tally) {
        int threshold = config.alertAfterFailures();
        JobControl.Begin begin = control.begin(run, job.spec().label(), threshold);
        for (String abandoned : begin.abandoned()) {
            LOG.warnf("Run %s of job %s never recorded its end: counted as a failed run", abandoned, job.name());
        }
        alerts.send(run, begin.owed(), null);
        if (begin.attempt() == 0) {
            return idle(job, run, tally, RunStatus.SKIPPED,
                    "sync " + run.syncId() + " already completed: nothing left to do");
        }
        run.attempt(begin.attempt());

        RunStatus status = RunStatus.COMPLETED;
        String message = null;
        boolean alertNow = false;
        try {
            job.run(run, tally);
        } catch (Exception e) {
            status = RunStatus.FAILED;
            message = Failures.describe(e, run.syncId());
            alertNow = e instanceof JobFailure failure && failure.alertNow();
            LOG.errorf("Run %s of job %s failed: %s", run.syncId(), job.name(), message);
            if (Failures.unexpected(e)) {
                LOG.error("Unexpected failure", e); // a bug: keep the stack trace
            }
        }
        Condition condition = status == RunStatus.COMPLETED ? job.condition(tally).orElse(null) : null;
        RunStatus outcome = status;
        String why = message;
        JobControl.Finish finish;
        try {
            finish = control.finish(run, outcome, why, alertNow, condition, job.spec().label(), threshold,
                    failures -> job.stats(run, tally, outcome, why, failures));
        } catch (RuntimeException e) {
            // the job's work stands (it committed as it went); only the bookkeeping failed, and the next run counts
            // this one as abandoned if its row stays RUNNING
            LOG.errorf("Run %s of job %s ended %s, but its outcome could not be recorded: %s", run.syncId(),
                    job.name(), outcome, Failures.describe(e, run.syncId()));
            return report.log(job.spec(), job.stats(run, tally, outcome, why, null));
        }
        if (outcome == RunStatus.FAILED) {
            LOG.warnf("%d consecutive failed runs of job %s (ops are alerted at %d)", finish.consecutiveFailures(),
                    job.name(), threshold);
        }
        alerts.send(run, finish.owed(), condition);
        @SuppressWarnings("unchecked")
        S stats = (S) finish.stats();
        return report.log(job.spec(), stats);
    }

    private <T, S extends JobStats> S idle(Job<T, S> job, JobRun run, T tally, RunStatus status, String message) {
        return report.log(job.spec(), job.stats(run, tally, status, message, null));
    }

    /** The run failed where its failure cannot be counted (the database is unreachable, or the bookkeeping broke). */
    private <T, S extends JobStats> S failedUncounted(Job<T, S> job, JobRun run, T tally, Exception cause) {
        String message = Failures.describe(cause, run.syncId());
        LOG.errorf("Run %s of job %s failed: %s. Its failure could not be counted in sync_state (is the database "
                + "reachable?)", run.syncId(), job.name(), message);
        if (Failures.unexpected(cause)) {
            LOG.error("Unexpected failure", cause);
        }
        return report.log(job.spec(), job.stats(run, tally, RunStatus.FAILED, message, null));
    }
}
