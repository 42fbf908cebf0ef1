package dev.mee6sync.job;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one run of a job did: returned by the Lambda, stored in {@code sync_run.stats} (as JSON: each job's own
 * fields), logged once per run and turned into CloudWatch metrics.
 */
public interface JobStats {

    /** The run id (JSON {@code syncId}, as {@code sync_run.sync_id}). */
    @JsonProperty("syncId")
    String runId();

    String message();

    Instant startedAt();

    Instant completedAt();

    long durationMs();

    /** Failed runs in a row, this one included (0 after a completed run); null when the run did not touch it. */
    Integer consecutiveFailures();

    /** How the run ended, for the runner (a job's JSON {@code status} may say more, as the audit's OK or DRIFT). */
    @JsonIgnore
    RunStatus runStatus();

    /** The job's own metrics for the EMF line, by CloudWatch name; Completed, Failed and the counter are added. */
    @JsonIgnore
    Map<String, Metric> metrics();

    /** The run in one readable line. */
    @JsonIgnore
    String summary();
}
