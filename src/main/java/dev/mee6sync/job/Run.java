package dev.mee6sync.job;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * One run of a job, as the job sees it: its request, its time, its deadline, and the job lock it holds. Every
 * transaction that writes for the run is fenced ({@link #fence()}, {@link #bindFence}).
 */
public final class Run {

    private final RunRequest request;
    private final Instant startedAt;
    private final Instant deadline;
    private JobLock.Held lock;
    private int attempt;

    Run(RunRequest request, Instant startedAt, Instant deadline) {
        this.request = request;
        this.startedAt = startedAt;
        this.deadline = deadline;
    }

    /** A run for a test or a benchmark of one job's parts, outside the runner: no lock, first attempt. */
    public static Run detached(RunRequest request, Instant deadline) {
        Run run = new Run(request, Instant.now(), deadline);
        run.attempt = 1;
        return run;
    }

    public String job() {
        return request.job();
    }

    public String runId() {
        return request.runId();
    }

    public String trigger() {
        return request.trigger();
    }

    public String option(String name) {
        return request.option(name);
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The schedule tick the run is for (an event's {@code time} or {@code scheduledTime}); null else. */
    public Instant tick() {
        return request.scheduledTime();
    }

    /** The run's time: its schedule tick for a scheduled run, else when it started. */
    public Instant runTime() {
        return request.scheduledTime() != null ? request.scheduledTime() : startedAt;
    }

    /** No work may start after it (the Lambda's timeout less the margin to record the outcome); null: none. */
    public Instant deadline() {
        return deadline;
    }

    /** The attempt of this run id, from 1. */
    public int attempt() {
        return attempt;
    }

    /** Earlier attempts of this run id ran (and may have written some of its rows). */
    public boolean resumed() {
        return attempt > 1;
    }

    /**
     * Inside a transaction that writes for this run: fails it unless the run still holds its job lock (a batch
     * statement checks inside itself instead, {@link #bindFence}; docs/architecture.md, "The job lock").
     */
    public void fence() {
        if (lock != null) {
            lock.fence();
        }
    }

    /**
     * Binds {@code assert_job_lock(?, ?, ?)} of a batch statement at {@code index}: the job, its lock's key and the
     * backend holding it (null for a run outside the runner, which asserts nothing).
     */
    public void bindFence(PreparedStatement statement, int index) throws SQLException {
        statement.setString(index, request.job());
        statement.setLong(index + 1, JobLock.key(request.job()));
        statement.setObject(index + 2, lock == null ? null : lock.holder(), Types.INTEGER);
    }

    void lock(JobLock.Held lock) {
        this.lock = lock;
    }

    void attempt(int attempt) {
        this.attempt = attempt;
    }
}
