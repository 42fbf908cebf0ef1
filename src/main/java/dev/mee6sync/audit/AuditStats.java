package dev.mee6sync.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.mee6sync.job.JobStats;
import dev.mee6sync.job.Metric;
import dev.mee6sync.job.RunStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one audit found: the Lambda's answer and {@code sync_run.stats} (docs/ledger-rules.md, "7. What the audit
 * checks").
 *
 * @param runStatus how the run ended; the JSON {@code status} of a completed audit is {@code OK} or {@code DRIFT}
 */
@RegisterForReflection
public record AuditStats(@JsonProperty("syncId") String runId, String trigger, @JsonIgnore RunStatus runStatus,
        String message, long membersChecked,
        long problems, Map<String, Long> byInvariant, List<LedgerChecks.Problem> examples, Instant startedAt,
        Instant completedAt, long durationMs, Integer consecutiveFailures) implements JobStats {

    public static final String OK = "OK";
    public static final String DRIFT = "DRIFT";

    /** {@code OK} or {@code DRIFT} for a completed audit, else how it ended (FAILED, SKIPPED, DISABLED). */
    @JsonProperty("status")
    public String status() {
        return runStatus != RunStatus.COMPLETED ? runStatus.name() : problems > 0 ? DRIFT : OK;
    }

    @Override
    @JsonIgnore
    public Map<String, Metric> metrics() {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        metrics.put("MembersChecked", Metric.count(membersChecked));
        metrics.put("Problems", Metric.count(problems));
        metrics.put("Drift", Metric.count(DRIFT.equals(status()) ? 1 : 0));
        return metrics;
    }

    @Override
    @JsonIgnore
    public String summary() {
        if (runStatus() != RunStatus.COMPLETED) {
            return "Audit " + runId + " " + status() + ": " + message;
        }
        return String.format("Audit %s %s in %d ms: %d members checked, %d problems %s", runId, status(), durationMs,
                membersChecked, problems, byInvariant);
    }
}
