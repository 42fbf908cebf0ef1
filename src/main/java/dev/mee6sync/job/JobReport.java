package dev.mee6sync.job;

import java.io.PrintStream;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reports each run twice: one readable log line, and one CloudWatch Embedded Metric Format line (namespace
 * {@value #NAMESPACE}, dimension {@value #DIMENSION}) written to stdout directly, since a log formatter would wrap it.
 */
@ApplicationScoped
public class JobReport {

    private static final Logger LOG = Logger.getLogger(JobReport.class);

    public static final String NAMESPACE = "mee6-sync";
    public static final String DIMENSION = "Job";

    private final ObjectMapper json;
    private final PrintStream out = System.out;

    public JobReport(ObjectMapper json) {
        this.json = json;
    }

    /** Logs the run and returns its stats, for chaining. */
    public <S extends JobStats> S log(JobSpec job, S stats) {
        if (stats.runStatus() == RunStatus.FAILED) {
            LOG.error(stats.summary());
        } else if (stats.runStatus() == RunStatus.COMPLETED) {
            LOG.info(stats.summary());
        } else {
            LOG.info(job.title() + " " + stats.runId() + " " + stats.runStatus() + ": " + stats.message());
        }
        out.println(emfLine(job.name(), stats));
        out.flush();
        return stats;
    }

    /** The run as one CloudWatch Embedded Metric Format document. */
    public String emfLine(String job, JobStats stats) {
        ObjectNode root = json.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", stats.completedAt().toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add(DIMENSION);
        ArrayNode metrics = directive.putArray("Metrics");
        root.put(DIMENSION, job);

        for (Map.Entry<String, Metric> metric : stats.metrics().entrySet()) {
            metric(root, metrics, metric.getKey(), metric.getValue());
        }
        metric(root, metrics, "Duration", Metric.millis(stats.durationMs()));
        metric(root, metrics, "Completed", Metric.count(stats.runStatus() == RunStatus.COMPLETED ? 1 : 0));
        metric(root, metrics, "Failed", Metric.count(stats.runStatus() == RunStatus.FAILED ? 1 : 0));
        if (stats.consecutiveFailures() != null) {
            metric(root, metrics, "ConsecutiveFailures", Metric.count(stats.consecutiveFailures()));
        }
        root.put("status", stats.runStatus().name());
        root.set("stats", json.valueToTree(stats));
        try {
            return json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write the metrics of run " + stats.runId(), e);
        }
    }

    private static void metric(ObjectNode root, ArrayNode metrics, String name, Metric metric) {
        metrics.addObject().put("Name", name).put("Unit", metric.unit());
        root.put(name, metric.value());
    }
}
