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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mee6sync.alert.MonitorSchedules;
import dev.mee6sync.alert.SentryConfig;
import dev.mee6sync.audit.AuditJob;
import dev.mee6sync.board.DiscordConfig;
import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.job.JobReport;
import dev.mee6sync.job.RunRequest;
import dev.mee6sync.lambda.LambdaEvent;
import dev.mee6sync.lurkr.LurkrConfig;
import dev.mee6sync.mee6.Mee6Config;
import dev.mee6sync.secrets.DatabaseCredentials;
import dev.mee6sync.secrets.SecretsConfig;
import dev.mee6sync.source.SourceConfig;
import dev.mee6sync.streak.StreakJob;
import dev.mee6sync.sync.EmfLineTest;
import dev.mee6sync.sync.XpSyncJob;
import dev.mee6sync.testing.Events;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * {@code template.yaml} (and its JVM twin {@code infra/template-jvm.yaml}) against the code: runtime, handler and
 * artifact; the rules on the extension layer; the three schedules and their payloads; every environment variable is
 * one the application reads; no secret in plain text; retained logs and queues; alarms and dashboard read metrics
 * the jobs emit; every reference resolves.
 */
class TemplateTest {

    static final Path NATIVE = Path.of("template.yaml");
    static final Path JVM = Path.of("infra", "template-jvm.yaml");
    static final String FUNCTION = "Mee6SyncFunction";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NoValue", "AWS::NotificationARNs",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    static final String AUDIT = AuditJob.NAME;
    static final String STREAKS = StreakJob.NAME;

    /** The functions CloudFormation allows in a Rules condition or assertion (its Rules reference): no Fn::Split. */
    static final Set<String> RULE_FUNCTIONS = Set.of("Ref", "Fn::And", "Fn::Contains", "Fn::EachMemberEquals",
            "Fn::EachMemberIn", "Fn::Equals", "Fn::If", "Fn::Not", "Fn::Or", "Fn::RefAll", "Fn::ValueOf",
            "Fn::ValueOfAll");

    static final String GUILD = "912345678901234567";
    static final String X86_LAYER =
            "arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension:12";
    static final String ARM64_LAYER =
            "arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:12";

    static Map<String, Object> nativeTemplate;
    static Map<String, Object> jvmTemplate;

    @BeforeAll
    static void load() throws IOException {
        nativeTemplate = CloudFormationYaml.load(NATIVE);
        jvmTemplate = CloudFormationYaml.load(JVM);
    }

    // --- the function ------------------------------------------------------------------------------------------------

    @Test
    void theNativeFunctionRunsTheBootstrapOfFunctionNativeZipOnProvidedAl2023() {
        Map<String, Object> function = properties(nativeTemplate, FUNCTION);
        assertThat(map(nativeTemplate, "Resources", FUNCTION).get("Type")).isEqualTo("AWS::Serverless::Function");
        assertThat(nativeTemplate.get("Transform")).isEqualTo("AWS::Serverless-2016-10-31");
        assertThat(function.get("Runtime")).isEqualTo("provided.al2023");
        assertThat(function.get("Handler")).as("ignored by custom runtimes").isNotNull();
        assertThat(codeUri(NATIVE, function)).as("the native build's own zip, never the JVM build's")
                .isEqualTo(Path.of("target", "function-native.zip").toAbsolutePath());
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
        assertThat(codeUri(JVM, function)).as("the JVM build's zip")
                .isEqualTo(Path.of("target", "function.zip").toAbsolutePath());
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
        assertThat(env(nativeTemplate).get("MEE6_FUNCTION_TIMEOUT")).isEqualTo(Map.of("Fn::Sub", "${Timeout}s"));
        // what the application then parses: mee6.function-timeout is a Duration
        assertThat(DurationConverter.parseDuration(parameter(nativeTemplate, "Timeout").get("Default") + "s"))
                .isEqualTo(java.time.Duration.ofSeconds(900));
    }

    @Test
    void aFailedInvocationIsNotRetriedAndGoesToTheFailureQueue() {
        Map<String, Object> config = map(properties(nativeTemplate, FUNCTION), "EventInvokeConfig");
        assertThat(config.get("MaximumRetryAttempts")).isEqualTo(0);
        Map<String, Object> onFailure = map(config, "DestinationConfig", "OnFailure");
        assertThat(onFailure.get("Type")).isEqualTo("SQS");
        assertThat(resourceType(nativeTemplate, getAttResource(onFailure.get("Destination"))))
                .isEqualTo("AWS::SQS::Queue");
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
        assertThat(parameter(nativeTemplate, "SecurityGroupIds").get("Type"))
                .isEqualTo("List<AWS::EC2::SecurityGroup::Id>");
        assertThat((List<?>) function.get("Layers")).hasSize(1);
        // each layer parameter admits its own architecture's layer only (or nothing: Rules require the right one)
        String x86 = (String) parameter(nativeTemplate, "SecretsExtensionLayerArn").get("AllowedPattern");
        String arm64 = (String) parameter(nativeTemplate, "SecretsExtensionLayerArm64Arn").get("AllowedPattern");
        assertThat(X86_LAYER).matches(x86).doesNotMatch(arm64);
        assertThat(ARM64_LAYER).matches(arm64).doesNotMatch(x86);
        assertThat("").matches(x86).matches(arm64);
        assertThat("arn:aws:lambda:eu-west-1:015030872274:layer:SomeOtherLayer:3").doesNotMatch(x86)
                .doesNotMatch(arm64);
    }

    @Test
    void rulesRefuseAnExtensionLayerOfTheOtherArchitecture() {
        for (Map<String, Object> template : List.of(nativeTemplate, jvmTemplate)) {
            // accepted, and the function then runs the layer of its architecture
            assertThat(ruleViolations(template, layers("x86_64", X86_LAYER, ""))).isEmpty();
            assertThat(functionLayers(template, layers("x86_64", X86_LAYER, ""))).containsExactly(X86_LAYER);
            assertThat(ruleViolations(template, layers("arm64", "", ARM64_LAYER))).isEmpty();
            assertThat(functionLayers(template, layers("arm64", "", ARM64_LAYER))).containsExactly(ARM64_LAYER);
            // refused before any resource changes, with a message naming the parameter to fix
            assertThat(ruleViolations(template, layers("arm64", X86_LAYER, ""))).isNotEmpty()
                    .allMatch(message -> message.contains("SecretsExtensionLayer"));
            assertThat(ruleViolations(template, layers("x86_64", "", ARM64_LAYER))).isNotEmpty()
                    .allMatch(message -> message.contains("SecretsExtensionLayer"));
            assertThat(ruleViolations(template, layers("arm64", X86_LAYER, ARM64_LAYER)))
                    .containsExactly("Architecture arm64 cannot run the x86_64 extension layer: leave "
                            + "SecretsExtensionLayerArn empty");
            assertThat(ruleViolations(template, layers("x86_64", X86_LAYER, ARM64_LAYER))).hasSize(1);
            assertThat(ruleViolations(template, layers("x86_64", "", ""))).hasSize(1);
            assertThat(ruleViolations(template, layers("arm64", "", ""))).hasSize(1);
            assertThat(ruleViolations(template, Map.of("DiscordGuildId", GUILD)))
                    .as("the defaults: x86_64 and no layer").hasSize(1);
        }
    }

    @Test
    void rulesWantOneGuildUnderItsNewNameOrItsFormerOne() {
        String other = "123456789012345678";
        for (Map<String, Object> template : List.of(nativeTemplate, jvmTemplate)) {
            Map<String, String> layer = Map.of("SecretsExtensionLayerArn", X86_LAYER);
            assertThat(ruleViolations(template, with(layer, "DiscordGuildId", GUILD))).isEmpty();
            assertThat(ruleViolations(template, with(layer, "GuildId", GUILD))).as("a stack deployed before").isEmpty();
            assertThat(ruleViolations(template, with(with(layer, "GuildId", GUILD), "DiscordGuildId", GUILD)))
                    .isEmpty();
            assertThat(ruleViolations(template, layer))
                    .containsExactly("Set DiscordGuildId, the Discord server id whose leaderboard is synced");
            assertThat(ruleViolations(template, with(with(layer, "GuildId", other), "DiscordGuildId", GUILD)))
                    .singleElement().asString().contains("different guilds");
            assertThat(env(template)).containsEntry("DISCORD_GUILD_ID", ref("DiscordGuildId"))
                    .containsEntry("MEE6_GUILD_ID", ref("GuildId")).containsEntry("XP_SOURCE", ref("XpSource"))
                    .containsEntry("LURKR_API_URL", ref("LurkrApiUrl"));
            assertThat(parameter(template, "XpSource").get("AllowedValues")).isEqualTo(List.of("mee6", "lurkr"));
        }
    }

    private static Map<String, String> with(Map<String, String> values, String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(values);
        more.put(name, value);
        return more;
    }

    @Test
    void rulesUseOnlyFunctionsCloudFormationAllowsInRules() {
        // cfn-lint accepts Fn::Split or Fn::Select in an assertion; CloudFormation's Rules reference does not
        Set<String> used = new TreeSet<>();
        walk(map(nativeTemplate, "Rules"), node -> node.keySet().stream()
                .filter(key -> key.equals("Ref") || key.startsWith("Fn::")).forEach(used::add));
        assertThat(used).isNotEmpty().isSubsetOf(RULE_FUNCTIONS);
    }

    @Test
    void logsGoToALogGroupWithRetention() {
        Map<String, Object> logging = map(properties(nativeTemplate, FUNCTION), "LoggingConfig");
        assertThat(logging.get("LogGroup")).isEqualTo(ref("LogGroup"));
        assertThat(logging.get("LogFormat")).as("the EMF line must reach CloudWatch as printed").isEqualTo("Text");
        assertThat(properties(nativeTemplate, "LogGroup").get("RetentionInDays")).isEqualTo(ref("LogRetentionInDays"));
    }

    @Test
    void logsAndQueuesOutliveTheStack() {
        for (Map<String, Object> template : List.of(nativeTemplate, jvmTemplate)) {
            Map<String, Map<String, Object>> kept = new LinkedHashMap<>(
                    resourcesOfType(template, "AWS::Logs::LogGroup"));
            kept.putAll(resourcesOfType(template, "AWS::SQS::Queue"));
            assertThat(kept).containsOnlyKeys("LogGroup", "FailureQueue", "ScheduleDeadLetterQueue");
            kept.forEach((name, resource) -> assertThat(resource).as(name)
                    .containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain"));
        }
    }

    // --- the schedule ------------------------------------------------------------------------------------------------

    @Test
    void threeSchedulesWithTheSameRetriesDeadLetterQueueAndWindowFireTheFunction() {
        Map<String, Object> events = map(properties(nativeTemplate, FUNCTION), "Events");
        assertThat(events).containsOnlyKeys("Hourly", "Streaks", "Audit");
        Map<String, Object> hourly = scheduleProperties(nativeTemplate, "Hourly");
        for (String name : events.keySet()) {
            Map<String, Object> event = map(events, name);
            assertThat(event.get("Type")).as(name).isEqualTo("ScheduleV2");
            Map<String, Object> schedule = map(event, "Properties");
            for (String key : List.of("RetryPolicy", "DeadLetterConfig", "FlexibleTimeWindow", "RoleArn",
                    "ScheduleExpressionTimezone")) {
                assertThat(schedule.get(key)).as("%s of %s", key, name).isEqualTo(hourly.get(key));
            }
        }
        assertThat(map(hourly, "RetryPolicy")).containsKeys("MaximumRetryAttempts", "MaximumEventAgeInSeconds");
        assertThat(map(hourly, "FlexibleTimeWindow")).containsEntry("Mode", "OFF");
        Object deadLetters = map(hourly, "DeadLetterConfig").get("Arn");
        assertThat(resourceType(nativeTemplate, getAttResource(deadLetters))).isEqualTo("AWS::SQS::Queue");
        assertThat(iamStatement(nativeTemplate, "SchedulerRole", "sqs:SendMessage").get("Resource"))
                .isEqualTo(deadLetters);
        assertThat(getAttResource(hourly.get("RoleArn"))).isEqualTo("SchedulerRole");
        // the role may invoke the function and each of its versions and aliases: all three schedules target it
        assertThat(iamStatement(nativeTemplate, "SchedulerRole", "lambda:InvokeFunction").get("Resource"))
                .isEqualTo(List.of(Map.of("Fn::GetAtt", List.of(FUNCTION, "Arn")),
                        Map.of("Fn::Sub", "${" + FUNCTION + ".Arn}:*")));

        assertThat(hourly.get("ScheduleExpression")).isEqualTo(ref("ScheduleExpression"));
        assertThat(parameter(nativeTemplate, "ScheduleExpression").get("Default")).isEqualTo("cron(0 * * * ? *)");
        assertThat(hourly.get("State")).isEqualTo(ref("ScheduleState"));
        Map<String, Object> streaks = scheduleProperties(nativeTemplate, "Streaks");
        assertThat(streaks.get("ScheduleExpression")).isEqualTo(ref("StreaksScheduleExpression"));
        assertThat(parameter(nativeTemplate, "StreaksScheduleExpression").get("Default"))
                .isEqualTo("cron(5 0 * * ? *)");
        assertThat(streaks.get("State")).isEqualTo(ref("ScheduleState"));
        Map<String, Object> audit = scheduleProperties(nativeTemplate, "Audit");
        assertThat(audit.get("ScheduleExpression")).isEqualTo(ref("AuditScheduleExpression"));
        assertThat(parameter(nativeTemplate, "AuditScheduleExpression").get("Default")).isEqualTo("cron(30 3 * * ? *)");
        assertThat(parameter(nativeTemplate, "AuditSchedule")).containsEntry("Default", "ENABLED")
                .containsEntry("AllowedValues", List.of("ENABLED", "DISABLED"));
        // AuditSchedule turns the audit off; ScheduleState pauses all three
        assertThat(audit.get("State")).isEqualTo(Map.of("Fn::If", List.of("AuditIsScheduled", "ENABLED", "DISABLED")));
        assertThat(map(nativeTemplate, "Conditions").get("AuditIsScheduled")).isEqualTo(Map.of("Fn::And", List.of(
                Map.of("Fn::Equals", List.of(ref("AuditSchedule"), "ENABLED")),
                Map.of("Fn::Equals", List.of(ref("ScheduleState"), "ENABLED")))));
    }

    @Test
    void theSentryMonitorsGetTheSameSchedulesAsEventBridge() {
        Map<String, Object> env = env(nativeTemplate);
        Map<String, String> variables = Map.of("Hourly", "SENTRY_MONITOR_SCHEDULE",
                "Streaks", "SENTRY_MONITOR_STREAKS_SCHEDULE", "Audit", "SENTRY_MONITOR_AUDIT_SCHEDULE");
        variables.forEach((event, variable) -> {
            Map<String, Object> schedule = scheduleProperties(nativeTemplate, event);
            assertThat(env.get(variable)).as(variable).isEqualTo(schedule.get("ScheduleExpression"));
            assertThat(env.get("SENTRY_MONITOR_TIMEZONE")).isEqualTo(schedule.get("ScheduleExpressionTimezone"));
        });
        // each default has a Sentry form, which is the same schedule
        Map<String, String> crontabs = Map.of("ScheduleExpression", "0 * * * *",
                "StreaksScheduleExpression", "5 0 * * *", "AuditScheduleExpression", "30 3 * * *");
        crontabs.forEach((parameterName, crontab) -> {
            String defaultExpression = (String) parameter(nativeTemplate, parameterName).get("Default");
            assertThat(MonitorSchedules.fromEventBridge(defaultExpression)).as(defaultExpression)
                    .hasValueSatisfying(monitor -> {
                        assertThat(monitor.getType()).isEqualTo("crontab");
                        assertThat(monitor.getValue()).isEqualTo(crontab);
                    });
        });
        assertThat(env.get("MEE6_ALERT_AFTER_FAILURES")).isEqualTo(ref("AlertAfterFailures"));
    }

    @Test
    void theSchedulesPayloadIsAScheduledRunWhoseSyncIdIsTheScheduledTime() throws Exception {
        String payload = renderScheduleInput(nativeTemplate, "2026-11-24T05:00:00Z");
        RunRequest trigger = Events.requests().from(JSON.readValue(payload, LambdaEvent.class));
        assertThat(trigger.runId()).isEqualTo("scheduled-2026-11-24T05:00:00Z");
        assertThat(trigger.trigger()).isEqualTo("eventbridge-scheduler");
        assertThat(JSON.readTree(payload).has("job")).as("the MEE6 sync's payload stays today's envelope").isFalse();
        // infra/events/scheduler-event.json is that payload
        JsonNode sample = JSON.readTree(Path.of("infra", "events", "scheduler-event.json").toFile());
        assertThat(fieldNames(JSON.readTree(payload))).isSubsetOf(fieldNames(sample));
        assertThat(sample.get("source").asText()).isEqualTo("aws.scheduler");
        assertThat(sample.get("detail").asText()).isEqualTo("{}");
    }

    @Test
    void theDailySchedulesSendTheirJobAndTheScheduledTimeAsTheSampleEventsDo() throws Exception {
        for (String job : List.of(STREAKS, AUDIT)) {
            JsonNode sample = JSON.readTree(Path.of("infra", "events", job + "-event.json").toFile());
            assertThat(fieldNames(sample)).containsExactly("job", "scheduledTime");
            assertThat(sample.get("job").asText()).isEqualTo(job);
            String time = sample.get("scheduledTime").asText();
            assertThat(java.time.Instant.parse(time)).isNotNull();
            String event = job.substring(0, 1).toUpperCase() + job.substring(1);
            for (Map<String, Object> template : List.of(nativeTemplate, jvmTemplate)) {
                assertThat(JSON.readTree(renderScheduleInput(template, event, time))).as(event).isEqualTo(sample);
            }
        }
    }

    @Test
    void theOperatorsSampleEventsAreWellFormed() throws Exception {
        assertThat(JSON.readTree(Path.of("infra", "events", "full-read-event.json").toFile()))
                .isEqualTo(JSON.readTree("{\"fullRead\": true}"));
        for (String decision : List.of("apply", "rebaseline")) {
            JsonNode sample = JSON.readTree(
                    Path.of("infra", "events", "mass-change-" + decision + "-event.json").toFile());
            assertThat(fieldNames(sample)).containsExactly("massChange", "syncId");
            assertThat(sample.get("massChange").asText()).isEqualTo(decision);
            // a sync id as the schedule makes them (the refused sync's, resumed with the decision)
            String syncId = sample.get("syncId").asText();
            assertThat(syncId).startsWith("scheduled-");
            assertThat(java.time.Instant.parse(syncId.substring("scheduled-".length())).toString())
                    .isEqualTo(syncId.substring("scheduled-".length()));
        }
    }

    /** The MEE6 sync schedule's Input with EventBridge Scheduler's context attributes filled in. */
    static String renderScheduleInput(Map<String, Object> template, String scheduledTime) {
        return renderScheduleInput(template, "Hourly", scheduledTime);
    }

    /** The Input of the schedule of that event (Hourly, Streaks, Audit), its context attributes filled in. */
    static String renderScheduleInput(Map<String, Object> template, String event, String scheduledTime) {
        return ((String) scheduleProperties(template, event).get("Input"))
                .replace("<aws.scheduler.scheduled-time>", scheduledTime)
                .replace("<aws.scheduler.execution-id>", "d32c5kddcf5bb8c3")
                .replace("<aws.scheduler.schedule-arn>",
                        "arn:aws:scheduler:eu-west-1:123456789012:schedule/default/mee6-sync-schedule");
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
                "DISCORD_GUILD_ID", "XP_SOURCE", "LURKR_API_URL", "LURKR_API_KEY", "SENTRY_MONITOR_SCHEDULE",
                "MEE6_SECRETS_APP", "MEE6_FUNCTION_TIMEOUT",
                "SENTRY_MONITOR_AUDIT_SCHEDULE", "SENTRY_MONITOR_STREAKS_SCHEDULE");
        assertThat(quarkus.stream().anyMatch(p -> p.matcher("QUARKUS_DATASOURCE_JDBC_URL").matches())).isTrue();
        assertThat(quarkus.stream().anyMatch(p -> p.matcher("QUARKUS_LOG_LEVELX").matches())).isFalse();
    }

    @Test
    void noSecretIsAPlainParameterOrEnvironmentValue() throws IOException {
        for (Path path : List.of(NATIVE, JVM)) {
            Map<String, Object> template = CloudFormationYaml.load(path);
            Map<String, Object> env = env(template);
            assertThat(env).doesNotContainKeys("QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_DATASOURCE_USERNAME",
                    "MEE6_AUTH_TOKEN", "LURKR_API_KEY", "SENTRY_DSN");
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
            assertThat(text).as("dynamic references resolve into plain environment values")
                    .doesNotContain("{{resolve:");
            assertThat(text).doesNotContainPattern("postgres(ql)?://[^\\s/]*:[^\\s/]*@")
                    .doesNotContainPattern("https?://[0-9a-f]{32}@");
            String urlPattern = (String) parameter(template, "DatabaseJdbcUrl").get("AllowedPattern");
            assertThat("jdbc:postgresql://points.abc123.eu-west-1.rds.amazonaws.com:5432/points").matches(urlPattern);
            assertThat("jdbc:postgresql://points.example:5432/points?user=app&password=hunter2")
                    .doesNotMatch(urlPattern);
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
        // the tracked example; infra/env.json, the copy one edits, is git-ignored
        JsonNode envJson = JSON.readTree(Path.of("infra", "env.example.json").toFile());
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
    void alarmsReadMetricsTheJobsEmit() throws Exception {
        Map<String, Set<String>> emitted = emittedMetricNames();
        for (Map<String, Object> template : List.of(nativeTemplate, jvmTemplate)) {
            Map<String, Map<String, Object>> alarms = resourcesOfType(template, "AWS::CloudWatch::Alarm");
            assertThat(alarms).containsOnlyKeys("FunctionErrorsAlarm", "ConsecutiveFailuresAlarm",
                    "AuditConsecutiveFailuresAlarm", "StreaksConsecutiveFailuresAlarm", "AuditDriftAlarm",
                    "DegradedSyncAlarm", "MassChangeRefusedAlarm", "NoCompletedSyncAlarm", "FailedInvocationsAlarm",
                    "ScheduleDeliveryAlarm", "SweepStalledAlarm");
            for (Map.Entry<String, Map<String, Object>> alarm : alarms.entrySet()) {
                Map<String, Object> properties = map(alarm.getValue(), "Properties");
                assertThat(properties.get("AlarmActions")).as(alarm.getKey()).isEqualTo(List.of(ref("AlarmTopicArn")));
                assertThat(properties.get("OKActions")).as(alarm.getKey()).isEqualTo(List.of(ref("AlarmTopicArn")));
                for (Map<String, Object> metric : alarmMetrics(properties)) {
                    if (JobReport.NAMESPACE.equals(metric.get("Namespace"))) {
                        String job = jobOf(metric);
                        assertThat(emitted).as("%s reads a job's metrics", alarm.getKey()).containsKey(job);
                        assertThat(emitted.get(job))
                                .as("%s reads %s of Job=%s", alarm.getKey(), metric.get("MetricName"), job)
                                .contains((String) metric.get("MetricName"));
                    }
                }
            }
        }
        Map<String, Object> consecutive = alarm("ConsecutiveFailuresAlarm");
        assertThat(consecutive.get("Threshold")).isEqualTo(ref("AlertAfterFailures"));
        assertThat(jobOf(consecutive)).isEqualTo(XpSyncJob.NAME);
        Map<String, Object> noSync = alarm("NoCompletedSyncAlarm");
        assertThat(noSync).containsEntry("MetricName", "Completed")
                .containsEntry("ComparisonOperator", "LessThanThreshold")
                .containsEntry("TreatMissingData", "breaching").containsEntry("Period", 3600)
                .containsEntry("EvaluationPeriods", ref("MaxHoursWithoutCompletedSync"));
        assertThat(parameter(nativeTemplate, "MaxHoursWithoutCompletedSync").get("Default")).isEqualTo(3);
        // a sweep that stopped completing: its age against twice the sweep's period, the function's own setting
        Map<String, Object> sweep = map(
                resourcesOfType(nativeTemplate, "AWS::CloudWatch::Alarm").get("SweepStalledAlarm"), "Properties");
        assertThat(sweep).containsEntry("Threshold", 2).containsEntry("ComparisonOperator", "GreaterThanThreshold");
        assertThat(String.valueOf(sweep.get("Metrics"))).contains("SweepAge", "age / (3600 * ${SweepHours})");
        assertThat(String.valueOf(properties(nativeTemplate, FUNCTION).get("Environment")))
                .contains("MEE6_FULL_READ_EVERY={Fn::Sub=${SweepHours}h}");
    }

    @Test
    void theDailyJobsHaveConsecutiveFailureAlarmsLikeTheSyncAndTheAuditADriftAlarm() {
        Map<String, Object> sync = alarm("ConsecutiveFailuresAlarm");
        Map<String, String> dailyAlarms = Map.of(AUDIT, "AuditConsecutiveFailuresAlarm", STREAKS,
                "StreaksConsecutiveFailuresAlarm");
        for (var daily : dailyAlarms.entrySet()) {
            Map<String, Object> alarm = alarm(daily.getValue());
            assertThat(jobOf(alarm)).isEqualTo(daily.getKey());
            for (String key : List.of("MetricName", "Statistic", "ComparisonOperator", "Threshold")) {
                assertThat(alarm.get(key)).as("%s of %s", key, daily.getValue()).isEqualTo(sync.get(key));
            }
            // one run a day: the alarm keeps the last run's state until the next run rather than clearing after an hour
            assertThat(alarm.get("TreatMissingData")).isEqualTo("ignore");
        }
        Map<String, Object> drift = alarm("AuditDriftAlarm");
        assertThat(jobOf(drift)).isEqualTo(AUDIT);
        assertThat(drift).containsEntry("MetricName", "Drift").containsEntry("Threshold", 1)
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
                .containsEntry("TreatMissingData", "ignore");
    }

    @Test
    void aCompletedSyncWithMemberErrorsIsAlarmed() {
        Map<String, Object> degraded = alarm("DegradedSyncAlarm");
        Map<String, String> metrics = new LinkedHashMap<>();
        for (Map<String, Object> metric : alarmMetrics(degraded)) {
            assertThat(jobOf(metric)).isEqualTo(XpSyncJob.NAME);
            metrics.put((String) metric.get("MetricName"), idOf(degraded, metric));
        }
        assertThat(metrics).containsOnlyKeys("Errors", "Completed");
        assertThat(returnedExpression(degraded)).isEqualTo("IF(FILL(" + metrics.get("Completed") + ", 0) >= 1, FILL("
                + metrics.get("Errors") + ", 0), 0)");
        assertThat(degraded).containsEntry("Threshold", 1)
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold");
    }

    @Test
    void eventsThatNeverRanOrFailedInTheQueuesAreAlarmed() {
        Map<String, String> queues = Map.of("FailedInvocationsAlarm", "FailureQueue", "ScheduleDeliveryAlarm",
                "ScheduleDeadLetterQueue");
        for (var queue : queues.entrySet()) {
            Map<String, Object> alarm = alarm(queue.getKey());
            assertThat(alarm).containsEntry("Namespace", "AWS/SQS")
                    .containsEntry("MetricName", "ApproximateNumberOfMessagesVisible")
                    .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold").containsEntry("Threshold", 1);
            assertThat(alarm.get("Dimensions")).isEqualTo(List.of(Map.of("Name", "QueueName",
                    "Value", Map.of("Fn::GetAtt", List.of(queue.getValue(), "QueueName")))));
        }
        // the queue the function's failed (or expired) events go to
        Object destination = map(properties(nativeTemplate, FUNCTION), "EventInvokeConfig", "DestinationConfig",
                "OnFailure").get("Destination");
        assertThat(getAttResource(destination)).isEqualTo("FailureQueue");
    }

    @Test
    void functionErrorsDiscountTheFailedRunsOfAllThreeJobs() {
        Map<String, Object> alarm = alarm("FunctionErrorsAlarm");
        String lambdaErrors = null;
        List<String> failed = new ArrayList<>();
        for (Map<String, Object> metric : alarmMetrics(alarm)) {
            if ("AWS/Lambda".equals(metric.get("Namespace"))) {
                assertThat(metric.get("MetricName")).isEqualTo("Errors");
                lambdaErrors = idOf(alarm, metric);
            } else {
                assertThat(metric.get("MetricName")).isEqualTo("Failed");
                failed.add(jobOf(metric) + "=" + idOf(alarm, metric));
            }
        }
        assertThat(failed).extracting(f -> f.split("=")[0]).containsExactlyInAnyOrder(XpSyncJob.NAME, AUDIT, STREAKS);
        StringBuilder expected = new StringBuilder("FILL(" + lambdaErrors + ", 0)");
        failed.forEach(f -> expected.append(" - FILL(").append(f.split("=")[1]).append(", 0)"));
        assertThat(returnedExpression(alarm)).isEqualTo(expected.toString());
    }

    @Test
    void theDashboardShowsEveryMetricTheJobsEmitAndEveryAlarm() throws Exception {
        Map<String, Set<String>> emitted = emittedMetricNames();
        for (Map<String, Object> template : List.of(nativeTemplate, jvmTemplate)) {
            Object body = properties(template, "Dashboard").get("DashboardBody");
            JsonNode dashboard = JSON.readTree(substituteForTest((String) map(Map.of("b", body), "b").get("Fn::Sub")));
            Map<String, Set<String>> shown = new TreeMap<>();
            Set<String> alarmsShown = new TreeSet<>();
            for (JsonNode widget : dashboard.get("widgets")) {
                for (JsonNode metric : widget.at("/properties/metrics")) {
                    if (metric.get(0).asText().equals(JobReport.NAMESPACE)) {
                        assertThat(metric.get(2).asText()).isEqualTo(JobReport.DIMENSION);
                        String job = metric.get(3).asText();
                        assertThat(emitted).containsKey(job);
                        assertThat(emitted.get(job)).as("Job=%s", job).contains(metric.get(1).asText());
                        shown.computeIfAbsent(job, j -> new TreeSet<>()).add(metric.get(1).asText());
                    }
                }
                widget.at("/properties/alarms").forEach(alarm -> alarmsShown.add(alarm.asText()));
            }
            assertThat(shown.keySet()).isEqualTo(emitted.keySet());
            emitted.forEach((job, names) -> assertThat(shown.get(job)).as("Job=%s", job)
                    .containsExactlyInAnyOrderElementsOf(names));
            assertThat(alarmsShown).as("the alarm widget").isEqualTo(resourcesOfType(template, "AWS::CloudWatch::Alarm")
                    .keySet().stream().map(name -> name + ".Arn").collect(java.util.stream.Collectors.toSet()));
        }
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
                        String resource = target.contains(".") && !target.startsWith("AWS::")
                                ? target.split("\\.")[0] : target;
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
        for (Class<?> mapping : List.of(Mee6Config.class, SyncConfig.class, SentryConfig.class, SecretsConfig.class,
                LurkrConfig.class, SourceConfig.class, DiscordConfig.class)) {
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

    /** {@code quarkus.datasource.jdbc.additional-jdbc-properties."property-key"}: any key for the quoted one. */
    static Pattern environmentPattern(String property) {
        StringBuilder regex = new StringBuilder();
        Matcher quoted = Pattern.compile("\"[^\"]*\"").matcher(property);
        int last = 0;
        while (quoted.find()) {
            regex.append(Pattern.quote(toEnvironmentName(property.substring(last, quoted.start()))))
                    .append("[A-Z0-9_]+");
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

    /** The properties of the function's schedule event of that name: Hourly (the MEE6 sync), Streaks or Audit. */
    static Map<String, Object> scheduleProperties(Map<String, Object> template, String event) {
        return map(properties(template, FUNCTION), "Events", event, "Properties");
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
            List<Object> policyStatements = (List<Object>) map((Map<String, Object>) policy, "PolicyDocument")
                    .get("Statement");
            for (Object statement : policyStatements) {
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
                .filter(s -> action.equals(s.get("Action"))
                        || s.get("Action") instanceof List<?> l && l.contains(action))
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
        return text.replaceAll("\\$\\{Timeout}", "900").replaceAll("\\$\\{([A-Za-z0-9]+)\\.Arn}", "$1.Arn")
                .replaceAll("\\$\\{[^}]+}", "x");
    }

    /** The names each job's EMF line emits, by Job dimension. */
    static Map<String, Set<String>> emittedMetricNames() throws Exception {
        return EmfLineTest.emittedMetricNamesByJob();
    }

    static Map<String, Object> alarm(String name) {
        return properties(nativeTemplate, name);
    }

    /** The Job dimension of a metric in the application's namespace (and it is the only dimension). */
    @SuppressWarnings("unchecked")
    static String jobOf(Map<String, Object> metric) {
        assertThat(metric.get("Namespace")).isEqualTo(JobReport.NAMESPACE);
        List<Map<String, Object>> dimensions = (List<Map<String, Object>>) metric.get("Dimensions");
        assertThat(dimensions).hasSize(1);
        assertThat(dimensions.get(0).get("Name")).isEqualTo(JobReport.DIMENSION);
        return (String) dimensions.get(0).get("Value");
    }

    /** The Id of the metric-math query that reads this metric. */
    @SuppressWarnings("unchecked")
    static String idOf(Map<String, Object> alarm, Map<String, Object> metric) {
        for (Object query : (List<Object>) alarm.get("Metrics")) {
            Map<String, Object> q = (Map<String, Object>) query;
            if (q.containsKey("MetricStat") && map(q, "MetricStat", "Metric") == metric) {
                return (String) q.get("Id");
            }
        }
        throw new AssertionError("no query reads " + metric);
    }

    /** The expression of the one metric-math query an alarm evaluates. */
    @SuppressWarnings("unchecked")
    static String returnedExpression(Map<String, Object> alarm) {
        List<String> returned = new ArrayList<>();
        for (Object query : (List<Object>) alarm.get("Metrics")) {
            Map<String, Object> q = (Map<String, Object>) query;
            if (!Boolean.FALSE.equals(q.get("ReturnData"))) {
                returned.add((String) q.get("Expression"));
            }
        }
        assertThat(returned).hasSize(1);
        return returned.get(0);
    }

    // --- Rules, evaluated as CloudFormation does before it changes anything ------------------------------------------

    /** The layer parameters of a deployment, which always names its guild. */
    static Map<String, String> layers(String architecture, String x86Layer, String arm64Layer) {
        return Map.of("Architecture", architecture, "SecretsExtensionLayerArn", x86Layer,
                "SecretsExtensionLayerArm64Arn", arm64Layer, "DiscordGuildId", GUILD);
    }

    /** The AssertDescription of every assertion the parameter values fail (none: CloudFormation goes ahead). */
    @SuppressWarnings("unchecked")
    static List<String> ruleViolations(Map<String, Object> template, Map<String, String> values) {
        List<String> violations = new ArrayList<>();
        map(template, "Rules").forEach((name, definition) -> {
            Map<String, Object> rule = (Map<String, Object>) definition;
            if (!rule.containsKey("RuleCondition") || (Boolean) evaluate(template, rule.get("RuleCondition"), values)) {
                for (Object assertion : (List<Object>) rule.get("Assertions")) {
                    Map<String, Object> a = (Map<String, Object>) assertion;
                    if (!(Boolean) evaluate(template, a.get("Assert"), values)) {
                        violations.add(((String) a.get("AssertDescription")).replaceAll("\\s+", " ").trim());
                    }
                }
            }
        });
        return violations;
    }

    /** The layers the function gets with these parameter values. */
    @SuppressWarnings("unchecked")
    static List<Object> functionLayers(Map<String, Object> template, Map<String, String> values) {
        List<Object> layers = new ArrayList<>();
        for (Object layer : (List<Object>) properties(template, FUNCTION).get("Layers")) {
            Object value = evaluate(template, layer, values);
            if (!"AWS::NoValue".equals(value)) {
                layers.add(value);
            }
        }
        return layers;
    }

    /** Ref, the condition functions and Fn::If over parameter values (else their defaults). */
    @SuppressWarnings("unchecked")
    static Object evaluate(Map<String, Object> template, Object node, Map<String, String> values) {
        if (!(node instanceof Map<?, ?> function)) {
            return node instanceof List<?> list ? list.stream().map(n -> evaluate(template, n, values)).toList()
                    : String.valueOf(node);
        }
        assertThat(function).hasSize(1);
        String name = (String) function.keySet().iterator().next();
        Object argument = function.get(name);
        List<Object> args = argument instanceof List<?> l ? (List<Object>) l : List.of(argument);
        return switch (name) {
            case "Ref" -> "AWS::NoValue".equals(argument) ? "AWS::NoValue" : values.containsKey((String) argument)
                    ? values.get(argument) : String.valueOf(parameter(template, (String) argument).get("Default"));
            case "Condition" -> evaluate(template, map(template, "Conditions").get(argument), values);
            case "Fn::Equals" -> evaluate(template, args.get(0), values)
                    .equals(evaluate(template, args.get(1), values));
            case "Fn::Not" -> !(Boolean) evaluate(template, args.get(0), values);
            case "Fn::And" -> args.stream().allMatch(a -> (Boolean) evaluate(template, a, values));
            case "Fn::Or" -> args.stream().anyMatch(a -> (Boolean) evaluate(template, a, values));
            case "Fn::Contains" -> ((List<Object>) evaluate(template, args.get(0), values))
                    .contains(evaluate(template, args.get(1), values));
            case "Fn::If" -> {
                boolean condition = (Boolean) evaluate(template, map(template, "Conditions").get(args.get(0)), values);
                yield evaluate(template, args.get(condition ? 1 : 2), values);
            }
            default -> throw new AssertionError(name + " is not evaluated here");
        };
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
