package dev.mee6sync.sync;

import java.time.Duration;
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
 * What one run of the sync did: the Lambda's answer, {@code sync_run.stats}, the log line and the metrics. The JSON
 * fields are a contract, added and never renamed; what each means: infra/OPERATE.md, "Statuses and stats".
 *
 * @param xpSource         the XP source read ({@code mee6}, {@code lurkr}); the {@code mee6*} fields count its pages
 * @param sweepPages       pages the sweep's slice read in this run
 * @param sweepCursor      the sweep's next page (the board's page count when this run's read reached its end); null
 *                         when the run read nothing the board's memory keeps
 * @param sweepBoardPages  the board's page count by its last complete read; null before one
 * @param sweepCompletedAt when the last sweep (or full read) reached the end of the board
 * @param sweepAgeFrom     what {@code SweepAge} counts from: the last completed sweep, else the first one's start
 */
@RegisterForReflection
public record SyncStats(
        @JsonProperty("syncId") String runId,
        String trigger,
        RunStatus status,
        String message,
        Instant startedAt,
        Instant completedAt,
        long durationMs,
        int totalMembers,
        int membersInMee6,
        int membersNotInMee6,
        int membersAlreadySynced,
        long pointsAwarded,
        long pointsDeducted,
        int firstSyncs,
        int errors,
        int mee6Pages,
        int mee6PlayersRead,
        int mee6Duplicates,
        int mee6Retries,
        long mee6FetchMs,
        long databaseMs,
        Integer consecutiveFailures,
        int invalidMembers,
        int implausibleFirstReadings,
        int provenanceBaselines,
        boolean mee6FullRead,
        int membersNotReached,
        String massChange,
        String massChangeRefused,
        Integer epoch,
        List<MemberError> memberErrors,
        String xpSource,
        int sweepPages,
        @JsonIgnore Integer sweepCursor,
        @JsonIgnore Integer sweepBoardPages,
        Instant sweepCompletedAt,
        @JsonIgnore Instant sweepAgeFrom) implements JobStats {

    /** A member a run could not process, and why. */
    @RegisterForReflection
    public record MemberError(long memberId, String reason) {
    }

    @Override
    @JsonIgnore
    public RunStatus runStatus() {
        return status;
    }

    @Override
    @JsonIgnore
    public Map<String, Metric> metrics() {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        metrics.put("MembersSynced", Metric.count(membersInMee6 + membersNotInMee6));
        metrics.put("TotalMembers", Metric.count(totalMembers));
        metrics.put("MembersInMee6", Metric.count(membersInMee6));
        metrics.put("MembersNotInMee6", Metric.count(membersNotInMee6));
        metrics.put("PointsAwarded", Metric.count(pointsAwarded));
        metrics.put("PointsDeducted", Metric.count(pointsDeducted));
        metrics.put("FirstSyncs", Metric.count(firstSyncs));
        metrics.put("Errors", Metric.count(errors));
        metrics.put("Mee6FetchDuration", Metric.millis(mee6FetchMs));
        metrics.put("DatabaseDuration", Metric.millis(databaseMs));
        metrics.put("Mee6Pages", Metric.count(mee6Pages));
        metrics.put("Mee6Retries", Metric.count(mee6Retries));
        metrics.put("Mee6FullRead", Metric.count(mee6FullRead ? 1 : 0));
        metrics.put("MembersNotReached", Metric.count(membersNotReached));
        metrics.put("InvalidMembers", Metric.count(invalidMembers));
        metrics.put("ImplausibleFirstReadings", Metric.count(implausibleFirstReadings));
        metrics.put("ProvenanceBaselines", Metric.count(provenanceBaselines));
        metrics.put("MassChangeRefused", Metric.count(massChangeRefused == null ? 0 : 1));
        metrics.put("SweepPages", Metric.count(sweepPages));
        sweepPercent().ifPresent(percent -> metrics.put("SweepProgress", new Metric(percent, "Percent")));
        if (sweepAgeFrom != null) {
            // the alarm on a sweep that stopped completing watches this age
            metrics.put("SweepAge", Metric.seconds(Math.max(0, Duration.between(sweepAgeFrom, completedAt)
                    .toSeconds())));
        }
        return metrics;
    }

    /** The sweep's cursor over the board's pages: {@code 12/85}, {@code 3/?} before a sweep completed. */
    @JsonProperty("sweepProgress")
    public String sweepProgress() {
        return sweepCursor == null ? null : sweepCursor + "/" + (sweepBoardPages == null ? "?" : sweepBoardPages);
    }

    /** The sweep's cursor as a share of the board, when its size is known. */
    private java.util.OptionalLong sweepPercent() {
        if (sweepCursor == null || sweepBoardPages == null || sweepBoardPages == 0) {
            return java.util.OptionalLong.empty();
        }
        return java.util.OptionalLong.of(Math.min(100, sweepCursor * 100L / sweepBoardPages));
    }

    @Override
    @JsonIgnore
    public String summary() {
        String board = xpSource == null ? "board" : xpSource;
        return String.format("Sync %s %s in %d ms: %d members (%d on the %s board, %d not on it, %d already synced, "
                + "%d invalid), +%d / -%d points, %d first syncs, %d re-baselined, %d errors; %s: %s, %d pages "
                + "(sweep %d, at %s), %d players, %d retries, %d ms%s%s", runId, status, durationMs, totalMembers,
                membersInMee6, board, membersNotInMee6, membersAlreadySynced, invalidMembers, pointsAwarded,
                pointsDeducted, firstSyncs, provenanceBaselines + implausibleFirstReadings, errors, board,
                mee6FullRead ? "full read" : "floor region and sweep slice", mee6Pages, sweepPages, sweepProgress(),
                mee6PlayersRead, mee6Retries, mee6FetchMs, massChange == null ? "" : "; mass change: " + massChange,
                message == null ? "" : ". " + message);
    }
}
