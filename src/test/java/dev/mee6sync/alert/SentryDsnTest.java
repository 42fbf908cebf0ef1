package dev.mee6sync.alert;

import static dev.mee6sync.testing.MockEventServer.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.db.SchemaMigration;
import dev.mee6sync.secrets.SecretsFromExtensionTest;
import dev.mee6sync.testing.LogCapture;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.SecretsExtensionStandIn;
import dev.mee6sync.testing.SentryStandIn;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The Sentry DSN as a deployment has it: in the application secret, read at each invocation. A DSN added in the middle
 * of an outage alerts at the next failure (an alert not sent stays owed); a malformed DSN (a typo in a rotated
 * secret) is reported once, without its key, and never keeps a sync from running.
 */
@QuarkusTest
@TestProfile(SentryDsnTest.DeployedWithoutSentry.class)
class SentryDsnTest {

    /** As deployed, with no Sentry DSN but what the application secret holds. */
    public static class DeployedWithoutSentry extends SecretsFromExtensionTest.Deployed {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("sentry.dsn", "");
            return overrides;
        }
    }

    static final String ALICE = "401234567890123456";
    static final String KEY = "0123456789abcdef0123456789abcd42";

    @Inject
    TestDatabase db;

    @Inject
    SchemaMigration migration;

    final Mee6StandIn mee6 = Mee6StandIn.get();

    @BeforeEach
    void deployed() {
        SecretsExtensionStandIn.reset();
        SecretsExtensionStandIn.serveSecret(SecretsFromExtensionTest.DATABASE_SECRET, Map.of("username",
                SecretsExtensionStandIn.Resource.DATABASE_ROLE, "password", "x"));
        appSecret(Map.of());
        migration.ensureMigrated();
        db.reset();
        db.insertMember(ALICE);
        mee6.reset();
        SentryStandIn.reset();
    }

    @Test
    void aDsnAddedInTheMiddleOfAnOutageAlertsAtTheNextFailure() {
        mee6.servePage(Mee6StandIn.GUILD_ID, 0, Mee6StandIn.fixture(503, "blocked-503.html"));
        try (LogCapture log = LogCapture.start()) {
            for (int i = 1; i <= 3; i++) {
                invoke("{\"syncId\": \"down-" + i + "\"}").statusCode(500);
            }
            assertThat(log.text()).contains("Sentry is off (no valid DSN): the outage alert was not sent");
        }
        assertThat(SentryStandIn.envelopes()).isEmpty();
        assertThat(db.query("SELECT alerted_at IS NULL FROM sync_state WHERE job = 'mee6'"))
                .containsExactly(List.of(true));

        appSecret(Map.of("sentryDsn", SentryStandIn.dsnOfProject("42")));
        invoke("{\"syncId\": \"down-4\"}").statusCode(500);
        assertThat(SentryStandIn.acceptedEventsContaining("consecutive sync failures")).singleElement().asString()
                .contains("mee6-sync: 4 consecutive sync failures");
        invoke("{\"syncId\": \"down-5\"}").statusCode(500);
        assertThat(SentryStandIn.acceptedEventsContaining("consecutive sync failures")).hasSize(1);
    }

    @Test
    void aMalformedDsnIsReportedOnceWithoutItsKeyAndTheSyncStillRuns() {
        mee6.serveBoard(Mee6StandIn.GUILD_ID, List.of(new Mee6StandIn.Player(ALICE, 1_000L)), 100);
        appSecret(Map.of("sentryDsn", "htps://" + KEY + "@o1.ingest.sentry.io/42")); // a typo in the scheme
        try (LogCapture log = LogCapture.start()) {
            invoke("{\"syncId\": \"typo-1\"}").statusCode(200).body("status", equalTo("COMPLETED"));
            invoke("{\"syncId\": \"typo-2\"}").statusCode(200).body("status", equalTo("COMPLETED"));
            List<String> reports = log.lines().stream().filter(l -> l.contains("is malformed")).toList();
            assertThat(reports).as("once per execution environment").singleElement().asString()
                    .startsWith("ERROR").contains("it must start with https:// (or http://)", "Sentry is off")
                    .doesNotContain(KEY);
            assertThat(log.text()).doesNotContain(KEY);
        }
        appSecret(Map.of("sentryDsn", "https://" + KEY + "@/42")); // another typo: no host
        try (LogCapture log = LogCapture.start()) {
            invoke("{\"syncId\": \"typo-3\"}").statusCode(200).body("status", equalTo("COMPLETED"));
            assertThat(log.text()).contains("it has no host after the '@'").doesNotContain(KEY);
        }
        assertThat(db.queryLong("SELECT count(*) FROM sync_run WHERE status = 'COMPLETED'")).isEqualTo(3);
    }

    private static void appSecret(Map<String, String> values) {
        SecretsExtensionStandIn.serveSecret(SecretsFromExtensionTest.APP_SECRET, values);
    }
}
