package dev.mee6sync.job;

import java.time.Instant;
import java.util.Map;

/**
 * What a run of a job is asked to do, whatever fired it.
 *
 * @param job           the job's name ({@code mee6}, {@code audit}, {@code streaks})
 * @param runId         the run's idempotency key: a replay of the same id never writes anything twice
 * @param trigger       what fired it ({@link Triggers})
 * @param scheduledTime the schedule tick of a scheduled run (the run's time); null for other runs (their time is
 *                      when they start)
 * @param options       the job's options from the event ({@code massChange}, {@code fullRead}), checked by the job
 */
public record RunRequest(String job, String runId, String trigger, Instant scheduledTime, Map<String, String> options) {

    public RunRequest {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("A run needs a run id");
        }
        options = Map.copyOf(options);
    }

    /** A run without options and without a scheduled time. */
    public static RunRequest of(String job, String runId, String trigger) {
        return new RunRequest(job, runId, trigger, null, Map.of());
    }

    public String option(String name) {
        return options.get(name);
    }
}
