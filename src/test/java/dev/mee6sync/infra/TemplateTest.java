package dev.mee6sync.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mee6sync.alert.MonitorSchedules;
import dev.mee6sync.alert.SentryConfig;
import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.lambda.LambdaEvent;
import dev.mee6sync.mee6.Mee6Config;
import dev.mee6sync.secrets.DatabaseCredentials;
import dev.mee6sync.secrets.SecretsConfig;
import dev.mee6sync.sync.EmfLineTest;
import dev.mee6sync.job.JobReport;
import dev.mee6sync.job.JobRequest;
import dev.mee6sync.sync.XpSyncJob;
import dev.mee6sync.testing.Events;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * {@code template.yaml} (and its JVM twin {@code infra/template-jvm.yaml}) against the code: runtime, handler and
 * artifact; the schedule and its payload; every environment variable is one the application reads; no secret in
 * plain text; alarms and dashboard read metrics the EMF line emits; every reference resolves.
 */
class TemplateTest {

    static final Path NATIVE = Path.of("template.yaml");
    static final Path JVM = Path.of("infra", "template-jvm.yaml");
    static final String FUNCTION = "Mee6SyncFunction";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NoValue", "AWS::NotificationARNs",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    static Map<String, Object> nativeTemplate;
    static Map<String, Object> jvmTemplate;

    @BeforeAll
    static void load() throws IOException {
        nativeTemplate = CloudFormationYaml.load(NATIVE);
        jvmTemplate = CloudFormationYaml.load(JVM);
    }

    // --- the function ------------------------------------------------------------------------------------------------

    @Test
    void theNativeFunctionRunsTheBootstrapOfFunctionZipOnProvidedAl2023() {
        Map<String, Object> function = properties(nativeTemplate, FUNCTION);
        assertThat(map(nativeTemplate, "Resources", FUNCTION).get("Type")).isEqualTo("AWS::Serverless::Function");
        assertThat(nativeTemplate.get("Transform")).isEqualTo("AWS::Serverless-2016-10-31");
        assertThat(function.get("Runtime")).isEqualTo("provided.al2023");
        assertThat(function.get("Handler")).as("ignored by custom runtimes").isNotNull();
        assertThat(codeUri(NATIVE, function)).isEqualTo(Path.of("target", "function.zip").toAbsolutePath());
        assertThat(env(nativeTemplate)).containsEntry("DISABLE_SIGNAL_HANDLERS", "true");
    }

    @Test
    void theJvmFunctionRunsQuarkusStreamHandlerOnAJavaRuntime() throws Exception {
        Map<String, Object> function = properties(jvmTemplate, FUNCTION);
        assertThat((String) function.get("Runtime")).matches("java(17|21|25)");
        String[] handler = ((String) function.get("Handler")).split("::");
        Class<?> handlerClass = Class.forName(handler[0]);
        assertThat(handlerClass.getMethod(handler[1], InputStream.class, java.io.OutputStream.class,
                com.amazonaws.services.lambda.runtime.Context.class)).isNotNull();
        assertThat(codeUri(JVM, function)).isEqualTo(Path.of("target", "function.zip").toAbsolutePath());
        assertThat(function).doesNotContainKey("SnapStart"); // see the template's header: the extension needs none
    }

    @Test
    void architectureMemoryTimeoutAndConcurrencyAreParameterisedWithSaneDefaults() {
        Map<String, Object> function = properties(nativeTemplate, FUNCTION);
        assertThat(function.get("Architectures")).isEqualTo(List.of(ref("Architecture")));
        assertThat(parameter(nativeTemplate, "Architecture")).containsEntry("Default", "x86_64")
                .containsEntry("AllowedValues", List.of("x86_64", "arm64"));
        assertThat(function.get("MemorySize")).isEqualTo(ref("MemorySize"));
        assertThat(function.get("Timeout")).isEqualTo(ref("Timeout"));
        assertThat((Integer) parameter(nativeTemplate, "MemorySize").get("Default")).isBetween(256, 2048);
        assertThat(parameter(nativeTemplate, "Timeout")).containsEntry("Default", 900).containsEntry("MaxValue", 900);
        assertThat(function.get("ReservedConcurrentExecutions")).isEqualTo(1);
    }

    @Test
    void aFailedInvocationIsNotRetriedAndGoesToTheFailureQueue() {
        Map<String, Object> config = map(properties(nativeTemplate, FUNCTION), "EventInvokeConfig");
        assertThat(config.get("MaximumRetryAttempts")).isEqualTo(0);
        Map<String, Object> onFailure = map(config, "DestinationConfig", "OnFailure");
        assertThat(onFailure.get("Type")).isEqualTo("SQS");
        assertThat(resourceType(nativeTemplate, getAttResource(onFailure.get("Destination")))).isEqualTo("AWS::SQS::Queue");
        assertThat(iamStatement(nativeTemplate, "FunctionRole", "sqs:SendMessage").get("Resource"))
                .isEqualTo(onFailure.get("Destination"));
    }

    @Test
    void theFunctionRunsInTheVpcWithTheSecretsExtensionLayer() {
        Map<String, Object> function = properties(nativeTemplate, FUNCTION);
        Map<String, Object> vpc = map(function, "VpcConfig");
        assertThat(vpc.get("SubnetIds")).isEqualTo(ref("SubnetIds"));
        assertThat(vpc.get("SecurityGroupIds")).isEqualTo(ref("SecurityGroupIds"));
        assertThat(parameter(nativeTemplate, "SubnetIds").get("Type")).isEqualTo("List<AWS::EC2::Subnet::Id>");
        assertThat(parameter(nativeTemplate, "SecurityGroupIds").get("Type")).isEqualTo("List<AWS::EC2::SecurityGroup::Id>");
        assertThat(function.get("Layers")).isEqualTo(List.of(ref("SecretsExtensionLayerArn")));
        String layerPattern = (String) parameter(nativeTemplate, "SecretsExtensionLayerArn").get("AllowedPattern");
        assertThat("arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension:12")
                .matches(layerPattern);
        assertThat("arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:12")
                .matches(layerPattern);
    }

    @Test
    void logsGoToALogGroupWithRetention() {
        Map<String, Object> logging = map(properties(nativeTemplate, FUNCTION), "LoggingConfig");
        assertThat(logging.get("LogGroup")).isEqualTo(ref("LogGroup"));
        assertThat(logging.get("LogFormat")).as("the EMF line must reach CloudWatch as printed").isEqualTo("Text");
        assertThat(properties(nativeTemplate, "LogGroup").get("RetentionInDays")).isEqualTo(ref("LogRetentionInDays"));
    }

    // --- the schedule ------------------------------------------------------------------------------------------------

    @Test
    void anHourlySchedulerScheduleWithRetriesAndADeadLetterQueueFiresTheFunction() {
        Map<String, Object> events = map(properties(nativeTemplate, FUNCTION), "Events");
        assertThat(events).hasSize(1);
        Map<String, Object> event = map(events, events.keySet().iterator().next());
        assertThat(event.get("Type")).isEqualTo("ScheduleV2");
        Map<String, Object> schedule = map(event, "Properties");
        assertThat(schedule.get("ScheduleExpression")).isEqualTo(ref("ScheduleExpression"));
        assertThat(parameter(nativeTemplate, "ScheduleExpression").get("Default")).isEqualTo("rate(1 hour)");
        assertThat(map(schedule, "RetryPolicy")).containsKeys("MaximumRetryAttempts", "MaximumEventAgeInSeconds");
        Object deadLetters = map(schedule, "DeadLetterConfig").get("Arn");
        assertThat(resourceType(nativeTemplate, getAttResource(deadLetters))).isEqualTo("AWS::SQS::Queue");
        assertThat(iamStatement(nativeTemplate, "SchedulerRole", "sqs:SendMessage").get("Resource")).isEqualTo(deadLetters);
        assertThat(iamStatement(nativeTemplate, "SchedulerRole", "lambda:InvokeFunction")).isNotNull();
        assertThat(getAttResource(schedule.get("RoleArn"))).isEqualTo("SchedulerRole");
    }

    @Test
    void theSentryMonitorGetsTheSameScheduleAsEventBridge() {
        Map<String, Object> schedule = scheduleProperties(nativeTemplate);
        Map<String, Object> env = env(nativeTemplate);
        assertThat(env.get("SENTRY_MONITOR_SCHEDULE")).isEqualTo(schedule.get("ScheduleExpression"));
        assertThat(env.get("SENTRY_MONITOR_TIMEZONE")).isEqualTo(schedule.get("ScheduleExpressionTimezone"));
        String defaultExpression = (String) parameter(nativeTemplate, "ScheduleExpression").get("Default");
        assertThat(MonitorSchedules.fromEventBridge(defaultExpression)).hasValueSatisfying(monitor -> {
            assertThat(monitor.getType()).isEqualTo("interval");
            assertThat(monitor.getValue()).isEqualTo("1");
            assertThat(monitor.getUnit()).isEqualTo("hour");
        });
        assertThat(env.get("MEE6_ALERT_AFTER_FAILURES")).isEqualTo(ref("AlertAfterFailures"));
    }

    @Test
    void theSchedulesPayloadIsAScheduledRunWhoseSyncIdIsTheScheduledTime() throws Exception {
        String payload = renderScheduleInput(nativeTemplate, "2026-11-24T05:00:00Z");
        JobRequest trigger = Events.requests().from(JSON.readValue(payload, LambdaEvent.class));
        assertThat(trigger.syncId()).isEqualTo("scheduled-2026-11-24T05:00:00Z");
        assertThat(trigger.trigger()).isEqualTo("eventbridge-scheduler");
        // infra/events/scheduler-event.json is that payload
        JsonNode sample = JSON.readTree(Path.of("infra", "events", "scheduler-event.json").toFile());
        assertThat(fieldNames(JSON.readTree(payload))).isSubsetOf(fieldNames(sample));
        assertThat(sample.get("source").asText()).isEqualTo("aws.scheduler");
        assertThat(sample.get("detail").asText()).isEqualTo("{}");
    }

    /** The schedule's Input with EventBridge Scheduler's context attributes filled in. */
    static String renderScheduleInput(Map<String, Object> template, String scheduledTime) {
        return ((String) scheduleProperties(template).get("Input"))
                .replace("<aws.scheduler.scheduled-time>", scheduledTime)
                .replace("<aws.scheduler.execution-id>", "d32c5kddcf5bb8c3")
                .replace("<aws.scheduler.schedule-arn>", "arn:aws:scheduler:eu-west-1:123456789012:schedule/default/mee6-sync-schedule");
    }

    static String renderScheduleInput(String scheduledTime) throws IOException {
        return renderScheduleInput(CloudFormationYaml.load(NATIVE), scheduledTime);
    }

    // --- environment and secrets -------------------------------------------------------------------------------------

    @Test
    void everyEnvironmentVariableIsOneTheApplicationReads() throws Exception {
        Set<String> known = new TreeSet<>(configMappingEnvironmentNames());
        known.add(quarkusNativeLambdaVariable());
        List<Pattern> quarkus = quarkusRuntimeEnvironmentPatterns();
        for (Map<String, Object> template : List.of(nativeTemplate, jvmTemplate)) {
            for (String name : env(template).keySet()) {
                boolean read = known.contains(name) || quarkus.stream().anyMatch(p -> p.matcher(name).matches());
                assertThat(read).as("%s is read by a config mapping, by Quarkus at run time, or by its native "
                        + "Lambda runtime (known: %s)", name, known).isTrue();
            }
        }
        assertThat(known).contains("MEE6_SYNC_ENABLED", "MEE6_GUILD_ID", "MEE6_RETRY_MAX_ATTEMPTS", "SENTRY_DSN",
                "SENTRY_MONITOR_SCHEDULE", "MEE6_SECRETS_APP");
        assertThat(quarkus.stream().anyMatch(p -> p.matcher("QUARKUS_DATASOURCE_JDBC_URL").matches())).isTrue();
        assertThat(quarkus.stream().anyMatch(p -> p.matcher("QUARKUS_LOG_LEVELX").matches())).isFalse();
    }

    @Test
    void noSecretIsAPlainParameterOrEnvironmentValue() throws IOException {
        for (Path path : List.of(NATIVE, JVM)) {
            Map<String, Object> template = CloudFormationYaml.load(path);
            Map<String, Object> env = env(template);
            assertThat(env).doesNotContainKeys("QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_DATASOURCE_USERNAME",
                    "MEE6_AUTH_TOKEN", "SENTRY_DSN");
            // the secrets are named by ARN parameters, read by the function through the secrets extension
            assertThat(env.get("QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER")).isEqualTo(ref("DatabaseSecretArn"));
            assertThat(env.get("QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER_NAME")).isEqualTo(DatabaseCredentials.NAME);
            assertThat(env.get("MEE6_SECRETS_APP")).isEqualTo(ref("AppSecretArn"));
            for (String arnParameter : List.of("DatabaseSecretArn", "AppSecretArn")) {
                String pattern = (String) parameter(template, arnParameter).get("AllowedPattern");
                assertThat("arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0a1b2c3d-4e5f-AbC123")
                        .matches(pattern);
                assertThat("hunter2").doesNotMatch(pattern);
                assertThat("{\"password\":\"hunter2\"}").doesNotMatch(pattern);
            }
            map(template, "Parameters").forEach((name, definition) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> parameter = (Map<String, Object>) definition;
                assertThat(parameter).as("parameter %s: a NoEcho parameter is a secret passed in plain", name)
                        .doesNotContainKey("NoEcho");
                if (name.matches("(?i).*(password|token|dsn|secret).*")) {
                    assertThat(name).as("a secret-bearing parameter names a secret, never holds it").endsWith("Arn");
                }
            });
            String text = Files.readString(path);
            assertThat(text).as("dynamic references resolve into plain environment values").doesNotContain("{{resolve:");
            assertThat(text).doesNotContainPattern("postgres(ql)?://[^\\s/]*:[^\\s/]*@")
                    .doesNotContainPattern("https?://[0-9a-f]{32}@");
            String urlPattern = (String) parameter(template, "DatabaseJdbcUrl").get("AllowedPattern");
            assertThat("jdbc:postgresql://points.abc123.eu-west-1.rds.amazonaws.com:5432/points").matches(urlPattern);
            assertThat("jdbc:postgresql://points.example:5432/points?user=app&password=hunter2").doesNotMatch(urlPattern);
            assertThat("jdbc:postgresql://app:hunter2@points.example:5432/points").doesNotMatch(urlPattern);
        }
    }

    @Test
    void theFunctionMayReadItsTwoSecretsAndNothingElse() {
        Map<String, Object> statement = iamStatement(nativeTemplate, "FunctionRole", "secretsmanager:GetSecretValue");
        assertThat(statement.get("Resource")).isEqualTo(Map.of("Fn::If", List.of("HasAppSecret",
                List.of(ref("DatabaseSecretArn"), ref("AppSecretArn")), List.of(ref("DatabaseSecretArn")))));
        List<String> actions = new ArrayList<>();
        for (Map<String, Object> s : iamStatements(nativeTemplate, "FunctionRole")) {
            Object action = s.get("Action");
            if (action instanceof List<?> list) {
                list.forEach(a -> actions.add((String) a));
            } else {
                actions.add((String) action);
            }
            assertThat(s.get("Resource")).as("statement %s", s.get("Sid")).isNotEqualTo("*");
        }
        assertThat(actions).containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents",
                "secretsmanager:GetSecretValue", "kms:Decrypt", "sqs:SendMessage");
        assertThat(map(nativeTemplate, "Resources", "FunctionRole", "Properties").get("ManagedPolicyArns"))
                .isEqualTo(List.of(Map.of("Fn::Sub",
                        "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaENIManagementAccess")));
    }

    @Test
    void envJsonForSamLocalOnlySetsVariablesTheTemplateDeclares() throws IOException {
        JsonNode envJson = JSON.readTree(Path.of("infra", "env.json").toFile());
        assertThat(fieldNames(envJson)).containsExactly(FUNCTION);
        Set<String> declared = env(nativeTemplate).keySet();
        // sam local invoke only overrides variables the template declares: any other would be silently ignored
        assertThat(fieldNames(envJson.get(FUNCTION))).isSubsetOf(declared)
                .contains("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER", "MEE6_SECRETS_APP");
        assertThat(envJson.at("/" + FUNCTION + "/QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER").asText())
                .as("locally the database login is in the JDBC URL, not in Secrets Manager").isEmpty();
        assertThat(envJson.at("/" + FUNCTION + "/MEE6_SECRETS_APP").asText()).isEmpty();
    }

    // --- alarms and dashboard ----------------------------------------------------------------------------------------

    @Test
    void alarmsReadMetricsTheEmfLineEmits() throws Exception {
        Set<String> emitted = EmfLineTest.emittedMetricNames();
        Map<String, Map<String, Object>> alarms = resourcesOfType(nativeTemplate, "AWS::CloudWatch::Alarm");
        assertThat(alarms).hasSizeGreaterThanOrEqualTo(3);
        Set<String> syncMetricsAlarmed = new HashSet<>();
        Set<String> lambdaMetricsAlarmed = new HashSet<>();
        for (Map.Entry<String, Map<String, Object>> alarm : alarms.entrySet()) {
            Map<String, Object> properties = map(alarm.getValue(), "Properties");
            assertThat(properties.get("AlarmActions")).as(alarm.getKey()).isEqualTo(List.of(ref("AlarmTopicArn")));
            for (Map<String, Object> metric : alarmMetrics(properties)) {
                String namespace = (String) metric.get("Namespace");
                String name = (String) metric.get("MetricName");
                if (JobReport.NAMESPACE.equals(namespace)) {
                    assertThat(emitted).as("%s reads %s", alarm.getKey(), name).contains(name);
                    assertThat(metric.get("Dimensions")).as(alarm.getKey())
                            .isEqualTo(List.of(Map.of("Name", JobReport.DIMENSION, "Value", XpSyncJob.NAME)));
                    syncMetricsAlarmed.add(name);
                } else if ("AWS/Lambda".equals(namespace)) {
                    lambdaMetricsAlarmed.add(name);
                }
            }
        }
        assertThat(lambdaMetricsAlarmed).contains("Errors");
        assertThat(syncMetricsAlarmed).contains("ConsecutiveFailures", "Completed", "Failed");

        Map<String, Object> consecutive = map(nativeTemplate, "Resources", "ConsecutiveFailuresAlarm", "Properties");
        assertThat(consecutive.get("Threshold")).isEqualTo(ref("AlertAfterFailures"));
        Map<String, Object> noSync = map(nativeTemplate, "Resources", "NoCompletedSyncAlarm", "Properties");
        assertThat(noSync).containsEntry("MetricName", "Completed").containsEntry("ComparisonOperator", "LessThanThreshold")
                .containsEntry("TreatMissingData", "breaching").containsEntry("Period", 3600)
                .containsEntry("EvaluationPeriods", ref("MaxHoursWithoutCompletedSync"));
        assertThat(parameter(nativeTemplate, "MaxHoursWithoutCompletedSync").get("Default")).isEqualTo(3);
    }

    @Test
    void theDashboardShowsEveryMetricTheEmfLineEmits() throws Exception {
        Set<String> emitted = EmfLineTest.emittedMetricNames();
        Object body = properties(nativeTemplate, "Dashboard").get("DashboardBody");
        String json = substituteForTest((String) map(Map.of("b", body), "b").get("Fn::Sub"));
        JsonNode dashboard = JSON.readTree(json);
        Set<String> shown = new HashSet<>();
        for (JsonNode widget : dashboard.get("widgets")) {
            for (JsonNode metric : widget.at("/properties/metrics")) {
                if (metric.get(0).asText().equals(JobReport.NAMESPACE)) {
                    assertThat(emitted).contains(metric.get(1).asText());
                    assertThat(metric.get(2).asText()).isEqualTo(JobReport.DIMENSION);
                    assertThat(metric.get(3).asText()).isEqualTo(XpSyncJob.NAME);
                    shown.add(metric.get(1).asText());
                }
            }
        }
        assertThat(shown).containsExactlyInAnyOrderElementsOf(emitted);
    }

    // --- the template as a whole -------------------------------------------------------------------------------------

    @Test
    void everyReferenceResolves() {
        for (Map<String, Object> template : List.of(nativeTemplate, jvmTemplate)) {
            Set<String> names = new HashSet<>(map(template, "Parameters").keySet());
            names.addAll(map(template, "Resources").keySet());
            names.addAll(PSEUDO_PARAMETERS);
            names.add(FUNCTION + ".Alias"); // SAM's reference to the alias of AutoPublishAlias
            Set<String> conditions = map(template, "Conditions").keySet();
            Set<String> resources = map(template, "Resources").keySet();
            List<String> problems = new ArrayList<>();
            walk(template, node -> {
                if (node.get("Ref") instanceof String target && !names.contains(target)) {
                    problems.add("Ref " + target);
                }
                if (node.get("Fn::GetAtt") instanceof List<?> target && !resources.contains(target.get(0))) {
                    problems.add("GetAtt " + target);
                }
                if (node.get("Fn::If") instanceof List<?> branches && !conditions.contains(branches.get(0))) {
                    problems.add("If " + branches.get(0));
                }
                if (node.get("Condition") instanceof String condition && !conditions.contains(condition)) {
                    problems.add("Condition " + condition);
                }
                Object sub = node.get("Fn::Sub");
                if (sub instanceof String text) {
                    Matcher variable = Pattern.compile("\\$\\{([^!}][^}]*)}").matcher(text);
                    while (variable.find()) {
                        String target = variable.group(1);
                        String resource = target.contains(".") && !target.startsWith("AWS::") ? target.split("\\.")[0] : target;
                        if (!names.contains(resource)) {
                            problems.add("Sub ${" + target + "}");
                        }
                    }
                }
            });
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void theJvmTemplateIsTheNativeOneWithAnotherRuntime() {
        Map<String, Object> jvm = deepCopy(jvmTemplate);
        Map<String, Object> nat = deepCopy(nativeTemplate);
        for (Map<String, Object> template : List.of(jvm, nat)) {
            template.remove("Description");
            Map<String, Object> function = properties(template, FUNCTION);
            for (String key : List.of("Description", "CodeUri", "Runtime", "Handler")) {
                function.remove(key);
            }
            map(function, "Environment", "Variables").remove("DISABLE_SIGNAL_HANDLERS");
            map(template, "Parameters").remove("MemorySize");
            map(template, "Parameters", "Architecture").remove("Description");
        }
        assertThat(jvm).isEqualTo(nat);
    }

    // --- helpers -----------------------------------------------------------------------------------------------------

    /** {@code MEE6_PAGE_SIZE} for {@code mee6.page-size}: every property of the application's config mappings. */
    static Set<String> configMappingEnvironmentNames() {
        Set<String> names = new TreeSet<>();
        for (Class<?> mapping : List.of(Mee6Config.class, SyncConfig.class, SentryConfig.class, SecretsConfig.class)) {
            collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, names);
        }
        return names;
    }

    private static void collect(String prefix, Class<?> type, Set<String> names) {
        for (Method method : type.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            WithName withName = method.getAnnotation(WithName.class);
            String property = prefix + "." + (withName != null ? withName.value()
                    : method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase());
            Class<?> returned = method.getReturnType();
            if (returned.isInterface() && returned.getName().startsWith("dev.mee6sync.")) {
                collect(property, returned, names); // a group: mee6.retry.*
            } else {
                names.add(toEnvironmentName(property));
            }
        }
    }

    static String toEnvironmentName(String property) {
        return property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    /** What Quarkus reads at run time, from the configuration documentation its jars ship. */
    static List<Pattern> quarkusRuntimeEnvironmentPatterns() throws IOException {
        List<Pattern> patterns = new ArrayList<>();
        Enumeration<URL> models = TemplateTest.class.getClassLoader()
                .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json");
        for (URL model : Collections.list(models)) {
            try (InputStream in = model.openStream()) {
                walkJson(JSON.readTree(in), property -> {
                    if ("RUN_TIME".equals(property.path("phase").asText())) {
                        patterns.add(environmentPattern(property.at("/path/property").asText()));
                    }
                });
            }
        }
        assertThat(patterns).as("Quarkus' configuration documentation on the classpath").hasSizeGreaterThan(50);
        return patterns;
    }

    /** {@code quarkus.datasource.jdbc.additional-jdbc-properties."property-key"}: any key in place of the quoted one. */
    static Pattern environmentPattern(String property) {
        StringBuilder regex = new StringBuilder();
        Matcher quoted = Pattern.compile("\"[^\"]*\"").matcher(property);
        int last = 0;
        while (quoted.find()) {
            regex.append(Pattern.quote(toEnvironmentName(property.substring(last, quoted.start())))).append("[A-Z0-9_]+");
            last = quoted.end();
        }
        regex.append(Pattern.quote(toEnvironmentName(property.substring(last))));
        return Pattern.compile(regex.toString());
    }

    /** The variable Quarkus' native runtime reads to leave signals to Lambda (from Quarkus' code, not a copy). */
    static String quarkusNativeLambdaVariable() throws Exception {
        Field field = Class.forName("io.quarkus.runtime.ApplicationLifecycleManager")
                .getDeclaredField("DISABLE_SIGNAL_HANDLERS");
        field.setAccessible(true);
        return (String) field.get(null);
    }

    private static void walkJson(JsonNode node, java.util.function.Consumer<JsonNode> property) {
        if (node.isObject()) {
            if (node.at("/path/environmentVariable").isTextual() && node.has("phase")) {
                property.accept(node);
            }
            node.forEach(child -> walkJson(child, property));
        } else if (node.isArray()) {
            node.forEach(child -> walkJson(child, property));
        }
    }

    static Map<String, Object> ref(String name) {
        return Map.of("Ref", name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> root, String... path) {
        Object node = root;
        for (String key : path) {
            node = ((Map<String, Object>) node).get(key);
            assertThat(node).as("%s in %s", key, String.join(".", path)).isNotNull();
        }
        return (Map<String, Object>) node;
    }

    static Map<String, Object> properties(Map<String, Object> template, String resource) {
        return map(template, "Resources", resource, "Properties");
    }

    static Map<String, Object> parameter(Map<String, Object> template, String name) {
        return map(template, "Parameters", name);
    }

    static Map<String, Object> env(Map<String, Object> template) {
        return map(properties(template, FUNCTION), "Environment", "Variables");
    }

    static Map<String, Object> scheduleProperties(Map<String, Object> template) {
        Map<String, Object> events = map(properties(template, FUNCTION), "Events");
        return map(events, events.keySet().iterator().next(), "Properties");
    }

    static String resourceType(Map<String, Object> template, String resource) {
        return (String) map(template, "Resources", resource).get("Type");
    }

    @SuppressWarnings("unchecked")
    static String getAttResource(Object getAtt) {
        return (String) ((List<Object>) ((Map<String, Object>) getAtt).get("Fn::GetAtt")).get(0);
    }

    static Path codeUri(Path template, Map<String, Object> function) {
        Path base = template.toAbsolutePath().getParent();
        return base.resolve((String) function.get("CodeUri")).normalize();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> iamStatements(Map<String, Object> template, String role) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : (List<Object>) properties(template, role).get("Policies")) {
            for (Object statement : (List<Object>) map((Map<String, Object>) policy, "PolicyDocument").get("Statement")) {
                Map<String, Object> s = (Map<String, Object>) statement;
                if (s.get("Fn::If") instanceof List<?> branches) {
                    s = (Map<String, Object>) branches.get(1); // a conditional statement, when its condition holds
                }
                statements.add(s);
            }
        }
        return statements;
    }

    static Map<String, Object> iamStatement(Map<String, Object> template, String role, String action) {
        return iamStatements(template, role).stream()
                .filter(s -> action.equals(s.get("Action")) || s.get("Action") instanceof List<?> l && l.contains(action))
                .findFirst().orElseThrow(() -> new AssertionError(role + " has no statement for " + action));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resourcesOfType(Map<String, Object> template, String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        map(template, "Resources").forEach((name, resource) -> {
            if (type.equals(((Map<String, Object>) resource).get("Type"))) {
                found.put(name, (Map<String, Object>) resource);
            }
        });
        return found;
    }

    /** The metrics an alarm reads: its own, or those of its metric-math queries. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alarmMetrics(Map<String, Object> alarm) {
        List<Map<String, Object>> metrics = new ArrayList<>();
        if (alarm.containsKey("MetricName")) {
            metrics.add(alarm);
        }
        if (alarm.get("Metrics") instanceof List<?> queries) {
            for (Object query : queries) {
                Map<String, Object> q = (Map<String, Object>) query;
                if (q.containsKey("MetricStat")) {
                    metrics.add(map(q, "MetricStat", "Metric"));
                }
            }
        }
        return metrics;
    }

    /** A Fn::Sub text with its variables replaced by plausible values, to parse what it produces. */
    static String substituteForTest(String text) {
        return text.replaceAll("\\$\\{Timeout}", "900").replaceAll("\\$\\{[^}]+}", "x");
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @SuppressWarnings("unchecked")
    private static void walk(Object node, java.util.function.Consumer<Map<String, Object>> visitor) {
        if (node instanceof Map<?, ?> map) {
            visitor.accept((Map<String, Object>) map);
            map.values().forEach(child -> walk(child, visitor));
        } else if (node instanceof List<?> list) {
            list.forEach(child -> walk(child, visitor));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T node) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, deepCopy(v)));
            return (T) copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return node;
    }
}
