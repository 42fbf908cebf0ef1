package dev.mee6sync.streak;

import java.time.Instant;
import java.time.LocalDate;
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
 * What one run of the streak job did.
 *
 * @param daysEvaluated      the weekdays this run evaluated, oldest first (each exactly once across all runs)
 * @param daysWaiting        weekdays due that wait for the MEE6 sync to cover them (a later run evaluates them)
 * @param membersProcessed   linked members evaluated (on the last day evaluated)
 * @param streaksIncremented member-days whose streak grew, over the days evaluated
 * @param streaksReset       member-days whose running streak went back to 0
 * @param errors             weekdays due that this run could not evaluate (a failed run resumes at the first)
 */
@RegisterForReflection
public record StreakStats(@JsonProperty("syncId") String runId, String trigger, RunStatus status, String message,
        List<LocalDate> daysEvaluated, List<LocalDate> daysWaiting, long membersProcessed, long streaksIncremented,
        long streaksReset, int errors, Instant startedAt, Instant completedAt, long durationMs,
        Integer consecutiveFailures) implements JobStats {

    @Override
    @JsonIgnore
    public RunStatus runStatus() {
        return status;
    }

    @Override
    @JsonIgnore
    public Map<String, Metric> metrics() {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        metrics.put("DaysEvaluated", Metric.count(daysEvaluated.size()));
        metrics.put("MembersProcessed", Metric.count(membersProcessed));
        metrics.put("StreaksIncremented", Metric.count(streaksIncremented));
        metrics.put("StreaksReset", Metric.count(streaksReset));
        metrics.put("Errors", Metric.count(errors));
        return metrics;
    }

    @Override
    @JsonIgnore
    public String summary() {
        return String.format("Streaks %s %s in %d ms: weekdays %s evaluated, %d members, %d streaks extended, %d "
                + "reset, %d errors%s%s", runId, status, durationMs, daysEvaluated, membersProcessed,
                streaksIncremented, streaksReset, errors,
                daysWaiting.isEmpty() ? "" : "; " + daysWaiting + " wait for the MEE6 sync",
                message == null ? "" : ". " + message);
    }
}
