package dev.mee6sync.sync;

import java.io.PrintStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reports each run twice: one readable log line, and one JSON line on standard output in CloudWatch Embedded Metric
 * Format. In Lambda, CloudWatch turns that line into metrics (namespace {@value #NAMESPACE}, dimension
 * {@code Job}) for the dashboard and alarms, and keeps the whole stats object with it for Logs Insights. The line is
 * written to stdout directly because EMF must be the whole log event, which a log formatter would wrap.
 */
@ApplicationScoped
public class SyncReport {

    private static final Logger LOG = Logger.getLogger(SyncReport.class);

    public static final String NAMESPACE = "mee6-sync";
    public static final String DIMENSION = "Job";
    public static final String JOB = "mee6";

    private final ObjectMapper json;
    private final PrintStream out = System.out;

    public SyncReport(ObjectMapper json) {
        this.json = json;
    }

    /** Logs the run and returns its stats, for chaining. */
    public SyncStats log(SyncStats stats) {
        String summary = summary(stats);
        if (stats.status() == SyncStatus.FAILED) {
            LOG.error(summary);
        } else {
            LOG.info(summary);
        }
        out.println(emfLine(stats));
        out.flush();
        return stats;
    }

    static String summary(SyncStats s) {
        if (s.status() == SyncStatus.DISABLED || s.status() == SyncStatus.SKIPPED) {
            return "Sync " + s.syncId() + " " + s.status() + ": " + s.message();
        }
        return String.format("Sync %s %s in %d ms: %d members (%d on MEE6, %d not on MEE6, %d already synced), "
                + "+%d / -%d points, %d first syncs, %d errors; MEE6: %d pages, %d players, %d retries, %d ms%s",
                s.syncId(), s.status(), s.durationMs(), s.totalMembers(), s.membersInMee6(), s.membersNotInMee6(),
                s.membersAlreadySynced(), s.pointsAwarded(), s.pointsDeducted(), s.firstSyncs(), s.errors(),
                s.mee6Pages(), s.mee6PlayersRead(), s.mee6Retries(), s.mee6FetchMs(),
                s.message() == null ? "" : ". " + s.message());
    }

    /** One member's outcome in words, for the debug log of local runs. */
    static String describe(SyncResult r) {
        if (!r.inLeaderboard()) {
            return "not on the leaderboard: no reading, nothing deducted"
                    + (r.isFirstSync() ? " (first sync)" : ", carry " + r.leftoverXp() + " XP kept");
        }
        if (r.isFirstSync()) {
            return "baseline at " + r.xpAfter() + " XP (first sync: nothing paid for past XP)";
        }
        String points = r.pointsAwarded() == 0 ? "no points" : String.format("%+d points", r.pointsAwarded());
        return String.format("%d XP (%+d since %s): %s, carry %d XP", r.xpAfter(), r.xpDelta(),
                r.xpBefore() == null ? "never observed, from 0" : r.xpBefore(), points, r.leftoverXp());
    }

    /** The run as one CloudWatch Embedded Metric Format document. */
    public String emfLine(SyncStats stats) {
        ObjectNode root = json.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", stats.completedAt().toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add(DIMENSION);
        ArrayNode metrics = directive.putArray("Metrics");
        root.put(DIMENSION, JOB);

        metric(root, metrics, "MembersSynced", "Count", stats.membersInMee6() + stats.membersNotInMee6());
        metric(root, metrics, "TotalMembers", "Count", stats.totalMembers());
        metric(root, metrics, "MembersInMee6", "Count", stats.membersInMee6());
        metric(root, metrics, "MembersNotInMee6", "Count", stats.membersNotInMee6());
        metric(root, metrics, "PointsAwarded", "Count", stats.pointsAwarded());
        metric(root, metrics, "PointsDeducted", "Count", stats.pointsDeducted());
        metric(root, metrics, "FirstSyncs", "Count", stats.firstSyncs());
        metric(root, metrics, "Errors", "Count", stats.errors());
        metric(root, metrics, "Duration", "Milliseconds", stats.durationMs());
        metric(root, metrics, "Mee6FetchDuration", "Milliseconds", stats.mee6FetchMs());
        metric(root, metrics, "DatabaseDuration", "Milliseconds", stats.databaseMs());
        metric(root, metrics, "Mee6Pages", "Count", stats.mee6Pages());
        metric(root, metrics, "Mee6Retries", "Count", stats.mee6Retries());
        metric(root, metrics, "Completed", "Count", stats.status() == SyncStatus.COMPLETED ? 1 : 0);
        metric(root, metrics, "Failed", "Count", stats.status() == SyncStatus.FAILED ? 1 : 0);
        if (stats.consecutiveFailures() != null) {
            metric(root, metrics, "ConsecutiveFailures", "Count", stats.consecutiveFailures());
        }
        root.put("status", stats.status().name());
        root.set("stats", json.valueToTree(stats));
        try {
            return json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write the metrics of sync " + stats.syncId(), e);
        }
    }

    private static void metric(ObjectNode root, ArrayNode metrics, String name, String unit, long value) {
        metrics.addObject().put("Name", name).put("Unit", unit);
        root.put(name, value);
    }
}
