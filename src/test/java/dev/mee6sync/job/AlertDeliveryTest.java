package dev.mee6sync.job;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.mee6sync.testing.MockEventServer.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Arrays;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.LogCapture;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;
import dev.mee6sync.testing.SentryStandIn;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An alert counts as sent only when Sentry answered it with a 2xx; until then every later run of the outage sends it
 * again, and likewise the recovery, the degraded-run warning and its resolution. Sentry is the real SDK talking to a
 * real HTTP server (the stand-in) that refuses and accepts as told.
 */
@QuarkusTest
class AlertDeliveryTest {

    static final String GUILD = Mee6StandIn.GUILD_ID;
    static final String ALICE = "401234567890123456";
    static final String BOB = "387654321098765432";
    static final String OUTAGE = "consecutive sync failures";

    @Inject
    TestDatabase db;

    final Mee6StandIn mee6 = Mee6StandIn.get();

    @BeforeEach
    void reset() {
        db.reset();
        mee6.reset();
        SentryStandIn.reset();
    }

    @AfterEach
    void sentryAcceptsAgain() throws InterruptedException {
        SentryStandIn.reset();
        Thread.sleep(1_100); // let any Retry-After of a test pass before the next one
    }

    @Test
    void anOutageAlertSentryRefusedIsSentByTheNextFailedRunAndArrivesOnce() throws InterruptedException {
        db.insertMember(ALICE);
        mee6.servePage(GUILD, 0, Mee6StandIn.fixture(503, "blocked-503.html"));
        invoke("{\"syncId\": \"down-1\"}").statusCode(500);
        invoke("{\"syncId\": \"down-2\"}").statusCode(500);

        // Sentry is down (503), then rate-limits us (429 with Retry-After: 1), then accepts
        SentryStandIn.answerEnvelopesInTurn(aResponse().withStatus(503),
                aResponse().withStatus(429).withHeader("Retry-After", "1"), aResponse().withStatus(200).withBody("{}"));
        try (LogCapture log = LogCapture.start()) {
            invoke("{\"syncId\": \"down-3\"}").statusCode(500);
            assertThat(log.text()).contains("Sentry did not confirm the outage alert (try 1 of 2)",
                    "Sentry did not confirm the outage alert (try 2 of 2)", "stays owed");
        }
        assertThat(SentryStandIn.acceptedEventsContaining(OUTAGE)).isEmpty();
        assertThat(db.query("SELECT consecutive_failures, alerted_at FROM sync_state WHERE job = 'mee6'"))
                .as("not sent: not recorded as sent").containsExactly(Arrays.asList(3, null));

        Thread.sleep(1_100); // the hour until the next run, in which Sentry's Retry-After passes
        try (LogCapture log = LogCapture.start()) {
            invoke("{\"syncId\": \"down-4\"}").statusCode(500);
            assertThat(log.text()).contains("Sentry confirmed the outage alert (try 1 of 2)");
        }
        assertThat(SentryStandIn.acceptedEventsContaining(OUTAGE)).singleElement().asString()
                .contains("mee6-sync: 4 consecutive sync failures", "\"sync_id\":\"down-4\"",
                        "\"failure_count\":\"4\"");
        assertThat(db.queryLong("SELECT count(*) FROM sync_state WHERE job = 'mee6' AND alerted_at IS NOT NULL"))
                .isEqualTo(1);

        invoke("{\"syncId\": \"down-5\"}").statusCode(500);
        assertThat(SentryStandIn.acceptedEventsContaining(OUTAGE)).as("one alert per outage").hasSize(1);

        mee6.reset();
        mee6.serveBoard(GUILD, List.of(new Player(ALICE, 100)), 100);
        invoke("{\"syncId\": \"up\"}").statusCode(200);
        assertThat(SentryStandIn.acceptedEventsContaining("recovered")).singleElement().asString()
                .contains("completed after 5 consecutive failures");
    }

    @Test
    void aRecoveryEventSentryRefusedIsSentByTheNextRun() {
        db.insertMember(ALICE);
        mee6.servePage(GUILD, 0, Mee6StandIn.fixture(503, "blocked-503.html"));
        for (int i = 1; i <= 3; i++) {
            invoke("{\"syncId\": \"down-" + i + "\"}").statusCode(500);
        }
        assertThat(SentryStandIn.acceptedEventsContaining(OUTAGE)).hasSize(1);

        SentryStandIn.answerEnvelopesInTurn(aResponse().withStatus(500), aResponse().withStatus(500),
                aResponse().withStatus(200).withBody("{}"));
        mee6.reset();
        mee6.serveBoard(GUILD, List.of(new Player(ALICE, 100)), 100);
        invoke("{\"syncId\": \"up\"}").statusCode(200).body("consecutiveFailures", equalTo(0));
        assertThat(SentryStandIn.acceptedEventsContaining("recovered")).isEmpty();
        assertThat(db.query("SELECT recovery_message IS NOT NULL FROM sync_state WHERE job = 'mee6'"))
                .containsExactly(List.of(true));

        invoke("{\"syncId\": \"up-again\"}").statusCode(200);
        assertThat(SentryStandIn.acceptedEventsContaining("recovered")).singleElement().asString()
                .contains("sync up completed after 3 consecutive failures");
        invoke("{\"syncId\": \"up-and-away\"}").statusCode(200);
        assertThat(SentryStandIn.acceptedEventsContaining("recovered")).hasSize(1);
    }

    /**
     * A member the sync cannot plan (its points overflow a transaction) no longer hides in a COMPLETED run: the run
     * counts it in {@code errors}, names it in the stats, and the first such run sends one Sentry warning with the
     * member ids and the reason; the next clean run resolves it.
     */
    @Test
    void aDegradedRunWarnsOnceAndTheNextCleanRunResolvesIt() {
        long alice = db.insertMember(ALICE);
        db.insertMember(BOB);
        mee6.serveBoard(GUILD, List.of(new Player(ALICE, 10_000), new Player(BOB, 5_000)), 100);
        invoke("{\"syncId\": \"baseline\"}").statusCode(200);

        db.execute("UPDATE point_config SET points = 2000000000 WHERE action = 'discord_activity'");
        mee6.reset();
        mee6.serveBoard(GUILD, List.of(new Player(ALICE, 10_300), new Player(BOB, 5_000)), 100);
        invoke("{\"syncId\": \"degraded-1\"}").statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("errors", equalTo(1))
                .body("memberErrors[0].memberId", equalTo((int) alice))
                .body("memberErrors[0].reason",
                        org.hamcrest.Matchers.containsString("do not fit in one point transaction"));
        assertThat(SentryStandIn.acceptedEventsContaining("could not process")).singleElement().asString()
                .contains("\"level\":\"warning\"", "\"memberIds\":[" + alice + "]",
                        "do not fit in one point transaction")
                .doesNotContain(ALICE);

        invoke("{\"syncId\": \"degraded-2\"}").statusCode(200).body("errors", equalTo(1));
        assertThat(SentryStandIn.acceptedEventsContaining("could not process")).as("one warning").hasSize(1);

        db.execute("UPDATE point_config SET points = 1 WHERE action = 'discord_activity'");
        invoke("{\"syncId\": \"clean\"}").statusCode(200).body("errors", equalTo(0)).body("pointsAwarded", equalTo(3));
        assertThat(SentryStandIn.acceptedEventsContaining("resolved")).singleElement().asString()
                .contains("sync clean completed cleanly");
        assertThat(db.query("SELECT condition_since, condition_alerted_at, condition_resolved_message FROM sync_state "
                + "WHERE job = 'mee6'")).containsExactly(Arrays.asList(null, null, null));
        invoke("{\"syncId\": \"clean-again\"}").statusCode(200);
        assertThat(SentryStandIn.acceptedEventsContaining("resolved")).hasSize(1);
    }
}
