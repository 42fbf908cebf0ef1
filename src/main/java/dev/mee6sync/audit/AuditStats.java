package dev.mee6sync.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.mee6sync.job.JobStats;
import dev.mee6sync.job.Metric;
import dev.mee6sync.job.RunStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one audit found: returned by the Lambda and stored in {@code sync_run.stats}.
 *
 * @param status         {@code OK}: every invariant holds; {@code DRIFT}: at least one does not; otherwise how the run
 *                       ended without checking ({@code SKIPPED}, {@code DISABLED}, {@code FAILED})
 * @param membersChecked members in the ledger
 * @param problems       broken invariants found, in all
 * @param byInvariant    how many of each invariant
 * @param examples       at most 20: member id, invariant, the numbers
 */
@RegisterForReflection
public record AuditStats(String syncId, String trigger, String status, String message, long membersChecked,
        long problems, Map<String, Long> byInvariant, List<LedgerChecks.Problem> examples, Instant startedAt,
        Instant completedAt, long durationMs, Integer consecutiveFailures) implements JobStats {

    public static final String OK = "OK";
    public static final String DRIFT = "DRIFT";

    @Override
    @JsonIgnore
    public RunStatus runStatus() {
        return OK.equals(status) || DRIFT.equals(status) ? RunStatus.COMPLETED : RunStatus.valueOf(status);
    }

    @Override
    @JsonIgnore
    public Map<String, Metric> metrics() {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        metrics.put("MembersChecked", Metric.count(membersChecked));
        metrics.put("Problems", Metric.count(problems));
        metrics.put("Drift", Metric.count(DRIFT.equals(status) ? 1 : 0));
        return metrics;
    }

    @Override
    @JsonIgnore
    public String summary() {
        if (runStatus() != RunStatus.COMPLETED) {
            return "Audit " + syncId + " " + status + ": " + message;
        }
        return String.format("Audit %s %s in %d ms: %d members checked, %d problems %s", syncId, status, durationMs,
                membersChecked, problems, byInvariant);
    }
}
