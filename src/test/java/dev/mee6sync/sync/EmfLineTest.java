package dev.mee6sync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.mee6sync.audit.AuditJob;
import dev.mee6sync.audit.AuditStats;
import dev.mee6sync.job.JobReport;
import dev.mee6sync.job.JobSpec;
import dev.mee6sync.job.JobStats;
import dev.mee6sync.streak.StreakJob;
import dev.mee6sync.streak.StreakStats;
import dev.mee6sync.job.RunStatus;

/**
 * The line each run prints is a valid CloudWatch Embedded Metric Format document (the specification's rules, one by
 * one), carries the metrics the dashboard and alarms read, and is printed alone on one line of standard output.
 */
public class EmfLineTest {

    /** The units CloudWatch accepts (MetricDatum.Unit). */
    static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count",
            "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second",
            "None");

    /** Metrics the line always carries, by name (infra/OPERATE.md lists them all). */
    static final Set<String> REQUIRED_METRICS = Set.of("MembersSynced", "MembersInMee6", "MembersNotInMee6",
            "PointsAwarded", "PointsDeducted", "FirstSyncs", "Errors", "Duration", "Mee6Pages", "Mee6Retries",
            "Failed");

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static SyncStats stats(RunStatus status, Integer consecutiveFailures) {
        Instant started = Instant.parse("2026-11-23T23:00:01Z");
        return new SyncStats("scheduled-2026-11-23T23:00:00Z", "eventbridge-scheduler", status,
                status == RunStatus.COMPLETED ? null : "why", started, started.plusMillis(73_412), 73_412, 100_000,
                91_234, 8_700, 66, 1_250, 140, 12, 0, 92, 91_300, 3, 2, 61_000, 11_900, consecutiveFailures, 3, 1, 2,
                false, 8_700, null, null, 0, List.of(), "mee6", 4, 12, 85, started.minusSeconds(3_600),
                started.minusSeconds(3_600));
    }

    /** The metric names the sync's line declares, for the template's tests. */
    public static Set<String> emittedMetricNames() throws Exception {
        return names(XpSyncJob.NAME, stats(RunStatus.FAILED, 3));
    }

    /** The metric names each job's line declares, by its Job dimension, for the template's tests. */
    public static Map<String, Set<String>> emittedMetricNamesByJob() throws Exception {
        Instant started = Instant.parse("2026-11-24T03:30:00Z");
        AuditStats audit = new AuditStats("audit-x", "eventbridge-scheduler", RunStatus.COMPLETED, null, 10, 1,
                Map.of("balance", 1L), List.of(), started, started.plusSeconds(1), 1000, 0);
        StreakStats streaks = new StreakStats("streaks-x", "eventbridge-scheduler", RunStatus.COMPLETED, null,
                List.of(LocalDate.parse("2026-11-23")), List.of(), 10, 4, 1, 0, started, started.plusSeconds(1), 1000,
                0);
        return Map.of(XpSyncJob.NAME, emittedMetricNames(), AuditJob.NAME, names(AuditJob.NAME, audit),
                StreakJob.NAME, names(StreakJob.NAME, streaks));
    }

    private static Set<String> names(String job, JobStats stats) throws Exception {
        Set<String> names = new HashSet<>();
        JsonNode metrics = JSON.readTree(new JobReport(JSON).emfLine(job, stats))
                .at("/_aws/CloudWatchMetrics/0/Metrics");
        for (JsonNode metric : metrics) {
            names.add(metric.get("Name").asText());
        }
        return names;
    }

    @ParameterizedTest
    @EnumSource(RunStatus.class)
    void everyOutcomeGivesAValidEmfDocument(RunStatus status) throws Exception {
        Integer failures = switch (status) {
            case FAILED -> Integer.valueOf(2);
            case COMPLETED -> Integer.valueOf(0);
            default -> null; // disabled and skipped runs do not touch the counter
        };
        SyncStats stats = stats(status, failures);
        String line = new JobReport(JSON).emfLine(XpSyncJob.NAME, stats);

        assertThat(line).doesNotContain("\n").hasSizeLessThan(256 * 1024); // one CloudWatch log event
        JsonNode root = JSON.readTree(line);
        assertThat(violations(root)).isEmpty();

        JsonNode directive = root.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo(JobReport.NAMESPACE);
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"" + JobReport.DIMENSION + "\"]]");
        assertThat(root.get(JobReport.DIMENSION).asText()).isEqualTo(XpSyncJob.NAME);
        assertThat(root.at("/_aws/Timestamp").asLong()).isEqualTo(stats.completedAt().toEpochMilli());

        Set<String> names = new HashSet<>();
        directive.get("Metrics").forEach(metric -> names.add(metric.get("Name").asText()));
        assertThat(names).containsAll(REQUIRED_METRICS);
        assertThat(root.get("Failed").asInt()).isEqualTo(status == RunStatus.FAILED ? 1 : 0);
        assertThat(root.get("Completed").asInt()).isEqualTo(status == RunStatus.COMPLETED ? 1 : 0);
        assertThat(root.get("MembersSynced").asLong()).isEqualTo(stats.membersInMee6() + stats.membersNotInMee6());
        assertThat(root.get("Duration").asLong()).isEqualTo(stats.durationMs());
        assertThat(names.contains("ConsecutiveFailures")).as("only when the run touched the counter")
                .isEqualTo(failures != null);
        // the whole stats object rides along for Logs Insights, outside the metrics
        assertThat(root.at("/stats/syncId").asText()).isEqualTo(stats.runId());
        assertThat(root.get("status").asText()).isEqualTo(status.name());
    }

    @Test
    void aRunPrintsItsEmfLineAloneOnStandardOutput() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        JobReport report;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            report = new JobReport(JSON); // takes System.out when built
            report.log(new JobSpec(XpSyncJob.NAME, "sync", "mee6-", "", Set.of(), "mee6-sync", Optional.empty()),
                    stats(RunStatus.COMPLETED, 0));
        } finally {
            System.setOut(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("_aws")).toList();
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line).startsWith("{").endsWith("}");
            assertThat(violations(JSON.readTree(line))).isEmpty();
        });
    }

    @Test
    void theValidatorCatchesBrokenDocuments() throws Exception {
        String good = new JobReport(JSON).emfLine(XpSyncJob.NAME, stats(RunStatus.COMPLETED, 0));
        assertThat(violations(JSON.readTree(good.replace("\"Unit\":\"Count\"", "\"Unit\":\"Points\"")))).isNotEmpty();
        assertThat(violations(JSON.readTree(good.replace("\"Job\":\"mee6\"", "\"Job\":6")))).isNotEmpty();
        assertThat(violations(JSON.readTree(good.replace("\"MembersSynced\":", "\"MembersSyncedX\":")))).isNotEmpty();
        assertThat(violations(JSON.readTree(good.replaceFirst("\"Timestamp\":\\d+", "\"Timestamp\":\"now\""))))
                .isNotEmpty();
    }

    /** The rules of the EMF specification (CloudWatch User Guide, "Embedded metric format specification"). */
    static List<String> violations(JsonNode root) {
        List<String> problems = new ArrayList<>();
        if (!root.isObject()) {
            return List.of("the root is not a JSON object");
        }
        JsonNode aws = root.get("_aws");
        if (aws == null || !aws.isObject()) {
            return List.of("no _aws object");
        }
        JsonNode timestamp = aws.get("Timestamp");
        if (timestamp == null || !timestamp.isIntegralNumber() || timestamp.asLong() <= 0) {
            problems.add("_aws.Timestamp must be a positive number of epoch milliseconds");
        }
        JsonNode directives = aws.get("CloudWatchMetrics");
        if (directives == null || !directives.isArray() || directives.isEmpty()) {
            return add(problems, "_aws.CloudWatchMetrics must be a non-empty array");
        }
        for (JsonNode directive : directives) {
            JsonNode namespace = directive.get("Namespace");
            if (namespace == null || !namespace.isTextual() || namespace.asText().isBlank()
                    || namespace.asText().length() > 255) {
                problems.add("Namespace must be a string of 1 to 255 characters");
            }
            Set<String> dimensionNames = new HashSet<>();
            JsonNode dimensionSets = directive.get("Dimensions");
            if (dimensionSets == null || !dimensionSets.isArray()) {
                problems.add("Dimensions must be an array of dimension sets");
            } else {
                for (JsonNode set : dimensionSets) {
                    if (!set.isArray() || set.size() > 30) {
                        problems.add("a dimension set must be an array of at most 30 names");
                        continue;
                    }
                    for (JsonNode name : set) {
                        JsonNode value = name.isTextual() ? root.get(name.asText()) : null;
                        if (value == null || !value.isTextual() || value.asText().isEmpty()
                                || value.asText().length() > 1024) {
                            problems.add("dimension " + name + " must name a top-level string of 1 to 1024 characters");
                        }
                        dimensionNames.add(name.asText());
                    }
                }
            }
            JsonNode metrics = directive.get("Metrics");
            if (metrics == null || !metrics.isArray() || metrics.size() > 100) {
                problems.add("Metrics must be an array of at most 100 metric definitions");
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (JsonNode metric : metrics) {
                JsonNode name = metric.get("Name");
                if (name == null || !name.isTextual() || name.asText().isEmpty() || name.asText().length() > 255) {
                    problems.add("a metric Name must be a string of 1 to 255 characters");
                    continue;
                }
                if (!seen.add(name.asText())) {
                    problems.add("metric " + name + " is declared twice");
                }
                if (dimensionNames.contains(name.asText())) {
                    problems.add("metric " + name + " is also a dimension");
                }
                JsonNode value = root.get(name.asText());
                boolean numeric = value != null && (value.isNumber()
                        || value.isArray() && value.size() <= 100 && allNumbers(value));
                if (!numeric) {
                    problems.add("metric " + name + " must have a top-level number (or array of numbers)");
                }
                JsonNode unit = metric.get("Unit");
                if (unit != null && !UNITS.contains(unit.asText())) {
                    problems.add("metric " + name + " has an invalid unit " + unit);
                }
                JsonNode resolution = metric.get("StorageResolution");
                if (resolution != null && resolution.asInt() != 1 && resolution.asInt() != 60) {
                    problems.add("metric " + name + " has a StorageResolution other than 1 or 60");
                }
                for (Iterator<Map.Entry<String, JsonNode>> fields = metric.fields(); fields.hasNext();) {
                    String field = fields.next().getKey();
                    if (!Set.of("Name", "Unit", "StorageResolution").contains(field)) {
                        problems.add("metric " + name + " has an unknown member " + field);
                    }
                }
            }
        }
        return problems;
    }

    private static boolean allNumbers(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isNumber()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> add(List<String> problems, String problem) {
        problems.add(problem);
        return problems;
    }
}
