package dev.mee6sync.secrets;

import static dev.mee6sync.testing.MockEventServer.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.eclipse.microprofile.config.ConfigProvider;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.mee6sync.db.SchemaMigration;
import dev.mee6sync.testing.LogCapture;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.SecretsExtensionStandIn;
import dev.mee6sync.testing.SentryStandIn;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The deployed configuration, with a stand-in for the AWS Parameters and Secrets extension: nothing is read at
 * start-up (Lambda's INIT, when the extension does not answer); each invocation reads the application secret (Sentry
 * DSN, MEE6 token), and the database login comes from the database secret when a connection is opened.
 */
@QuarkusTest
@TestProfile(SecretsFromExtensionTest.Deployed.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class SecretsFromExtensionTest {

    public static final String APP_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mee6-sync/app-AbCdEf";
    public static final String DATABASE_SECRET =
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0a1b2c3d-XyZ123";
    static final String MEE6_TOKEN = "mee6-token-from-secrets-manager.S3CR3T";
    static final String LURKR_KEY = "lurkr-key-from-secrets-manager.S3CR3T";
    static final String DATABASE_PASSWORD = "db-password-from-secrets-manager";
    static final String ALICE = "401234567890123456";

    /** As template.yaml configures the function, with the prod profile's start-up settings. */
    public static class Deployed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mee6.secrets.app", APP_SECRET,
                    "quarkus.datasource.credentials-provider", DATABASE_SECRET,
                    "quarkus.datasource.credentials-provider-name", DatabaseCredentials.NAME,
                    "quarkus.flyway.migrate-at-start", "false",
                    "quarkus.hibernate-orm.database.start-offline", "true",
                    "quarkus.hibernate-orm.schema-management.strategy", "none");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SecretsExtensionStandIn.Resource.class));
        }
    }

    @Inject
    TestDatabase db;

    @Inject
    SchemaMigration migration;

    @Inject
    AppSecrets secrets;

    final Mee6StandIn mee6 = Mee6StandIn.get();

    @Test
    @Order(1)
    void secretsAreReadDuringInvocationsOnly() {
        assertThat(SecretsExtensionStandIn.requests()).as("nothing asked at start-up (Lambda's INIT phase)").isEmpty();

        SecretsExtensionStandIn.serveSecret(DATABASE_SECRET, Map.of("username",
                SecretsExtensionStandIn.Resource.DATABASE_ROLE, "password", DATABASE_PASSWORD, "engine", "postgres"));
        SecretsExtensionStandIn.serveSecret(APP_SECRET, Map.of("sentryDsn", sentryDsnOfProject42(),
                "mee6AuthToken", MEE6_TOKEN, "lurkrApiKey", LURKR_KEY));
        migration.ensureMigrated();
        db.reset();
        db.insertMember(ALICE);
        mee6.reset();
        mee6.serveBoard(Mee6StandIn.GUILD_ID, List.of(new Mee6StandIn.Player(ALICE, 1_000L)), 100);
        SentryStandIn.reset();

        String logged;
        try (LogCapture logs = LogCapture.start()) {
            invoke("""
                    {"version": "0", "id": "d32c5kddcf5bb8c3", "detail-type": "Scheduled Event",
                     "source": "aws.scheduler", "time": "2026-11-24T04:00:00Z", "detail": "{}"}
                    """).statusCode(200).body("status", equalTo("COMPLETED"));
            logged = logs.text();
        }

        List<LoggedRequest> asked = SecretsExtensionStandIn.requests();
        assertThat(asked).allSatisfy(request -> assertThat(request.getHeader("X-Aws-Parameters-Secrets-Token"))
                .isEqualTo(SecretsExtensionStandIn.SESSION_TOKEN));
        assertThat(asked).extracting(request -> request.queryParameter("secretId").firstValue())
                .contains(APP_SECRET, DATABASE_SECRET);
        assertThat(db.query("SELECT current_user")).as("the login of the database secret")
                .containsExactly(List.of(SecretsExtensionStandIn.Resource.DATABASE_ROLE));
        assertThat(mee6.requests(Mee6StandIn.GUILD_ID)).singleElement()
                .satisfies(request -> assertThat(request.getHeader("Authorization")).isEqualTo(MEE6_TOKEN));
        assertThat(SentryStandIn.envelopesForProject("42")).as("check-ins go to the DSN of the secret")
                .anyMatch(body -> body.contains("\"type\":\"check_in\""));
        assertThat(SentryStandIn.envelopes()).noneMatch(body -> body.contains(MEE6_TOKEN) || body.contains("player_"));
        assertThat(secrets.lurkrApiKey()).as("the Lurkr key of the secret").contains(LURKR_KEY);
        assertThat(logged).doesNotContain(MEE6_TOKEN).doesNotContain(LURKR_KEY).doesNotContain(DATABASE_PASSWORD)
                .doesNotContain("keys this function does not read")
                .doesNotContain("0123456789abcdef0123456789abcd42");
    }

    @Test
    @Order(2)
    void anUnreadableSecretFailsTheInvocationWithTheFixAndNoValue() {
        SecretsExtensionStandIn.failSecret(APP_SECRET, 400, "AccessDeniedException: not authorized to perform "
                + "secretsmanager:GetSecretValue on resource: " + APP_SECRET);

        invoke("{}").statusCode(500)
                .body("errorType", containsString("SecretsUnavailableException"))
                .body("errorMessage", containsString(APP_SECRET))
                .body("errorMessage", containsString("secretsmanager:GetSecretValue"))
                .body("errorMessage", not(containsString(MEE6_TOKEN)));

        SecretsExtensionStandIn.reset();
    }

    public static String sentryDsnOfProject42() {
        return "http://0123456789abcdef0123456789abcd42@127.0.0.1:" + sentryPort() + "/42";
    }

    /** The Sentry stand-in's port, from the DSN its test resource gave the application. */
    static int sentryPort() {
        String dsn = ConfigProvider.getConfig().getValue("sentry.dsn", String.class);
        return URI.create(dsn).getPort();
    }
}
