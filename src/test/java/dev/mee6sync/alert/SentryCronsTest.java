package dev.mee6sync.alert;

import static dev.mee6sync.testing.MockEventServer.invoke;
import static dev.mee6sync.testing.MockEventServer.scheduledEvent;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.SentryStandIn;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Sentry Crons: a scheduled run checks in IN_PROGRESS with the monitor's configuration (the schedule of the test
 * profile, {@code rate(1 hour)}, as the SAM template gives it), then OK or ERROR under the same check-in id. Manual
 * runs send nothing. Check-ins carry no member data.
 */
@QuarkusTest
class SentryCronsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALICE = "401234567890123456";

    @Inject
    TestDatabase db;

    final Mee6StandIn mee6 = Mee6StandIn.get();

    @BeforeEach
    void reset() {
        db.reset();
        mee6.reset();
        SentryStandIn.reset();
        db.execute("INSERT INTO member (discord_id, discord_username) VALUES (?, 'alice_the_member')", ALICE);
    }

    @Test
    void aScheduledRunChecksInProgressThenOkWithTheMonitorsSchedule() throws Exception {
        mee6.serveBoard(Mee6StandIn.GUILD_ID, List.of(new Mee6StandIn.Player(ALICE, 1_000L)), 100);

        invoke(scheduledEvent("2026-11-24T01:00:00Z")).statusCode(200);

        List<JsonNode> checkIns = checkIns();
        assertThat(checkIns).hasSize(2);
        JsonNode started = checkIns.get(0);
        JsonNode done = checkIns.get(1);
        assertThat(started.get("monitor_slug").asText()).isEqualTo("mee6-sync");
        assertThat(started.get("status").asText()).isEqualTo("in_progress");
        assertThat(started.get("environment").asText()).isEqualTo("test");
        JsonNode monitor = started.get("monitor_config");
        assertThat(monitor.at("/schedule/type").asText()).isEqualTo("interval");
        assertThat(monitor.at("/schedule/value").asInt()).isEqualTo(1);
        assertThat(monitor.at("/schedule/unit").asText()).isEqualTo("hour");
        assertThat(monitor.get("timezone").asText()).isEqualTo("UTC");
        assertThat(monitor.get("checkin_margin").asInt()).isEqualTo(10);
        assertThat(monitor.get("max_runtime").asInt()).isPositive();
        assertThat(monitor.get("failure_issue_threshold").asInt()).as("MEE6_ALERT_AFTER_FAILURES").isEqualTo(3);
        assertThat(monitor.get("recovery_threshold").asInt()).isEqualTo(1);

        assertThat(done.get("status").asText()).isEqualTo("ok");
        assertThat(done.get("check_in_id").asText()).isEqualTo(started.get("check_in_id").asText());
        assertThat(done.get("duration").asDouble()).isPositive();

        assertThat(SentryStandIn.envelopes()).noneMatch(body -> body.contains("alice_the_member")
                || body.contains("player_") || body.contains(ALICE));
    }

    @Test
    void aFailedScheduledRunChecksInError() throws Exception {
        mee6.servePage(Mee6StandIn.GUILD_ID, 0, Mee6StandIn.fixture(401, "error-401-private-leaderboard.json"));

        invoke("""
                {"version": "0", "id": "8f2b6a1e", "detail-type": "Scheduled Event", "source": "aws.scheduler",
                 "time": "2026-11-24T02:00:00Z", "detail": "{}"}
                """).statusCode(500);

        List<JsonNode> checkIns = checkIns();
        assertThat(checkIns).extracting(c -> c.get("status").asText()).containsExactly("in_progress", "error");
        assertThat(checkIns.get(1).get("check_in_id")).isEqualTo(checkIns.get(0).get("check_in_id"));
    }

    @Test
    void manualRunsAreNotCheckedIn() {
        mee6.serveBoard(Mee6StandIn.GUILD_ID, List.of(new Mee6StandIn.Player(ALICE, 1_000L)), 100);

        invoke("{}").statusCode(200);
        invoke("{\"syncId\": \"scheduled-2026-11-24T03:00:00Z\"}").statusCode(200);

        assertThat(SentryStandIn.checkIns()).isEmpty();
    }

    static List<JsonNode> checkIns() throws Exception {
        List<JsonNode> parsed = new ArrayList<>();
        for (String checkIn : SentryStandIn.checkIns()) {
            parsed.add(JSON.readTree(checkIn));
        }
        return parsed;
    }
}
