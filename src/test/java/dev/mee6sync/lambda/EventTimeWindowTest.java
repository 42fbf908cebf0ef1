package dev.mee6sync.lambda;

import static dev.mee6sync.testing.MockEventServer.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.LedgerInvariants;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;
import dev.mee6sync.testing.MockEventServer;
import dev.mee6sync.testing.SentryStandIn;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * An event's time is a claim (docs/ledger-rules.md, "Event times"): with the production window
 * ({@code MEE6_EVENT_MAX_AGE=25h}, 5 minutes ahead), an event outside it is refused before any work, for every job,
 * nothing is written, and ops are alerted at once.
 */
@QuarkusTest
@TestProfile(EventTimeWindowTest.ProductionWindow.class)
class EventTimeWindowTest {

    static final String GUILD = Mee6StandIn.GUILD_ID;
    static final String ALICE = "401234567890123456";
    static final String CAROL = "1234567890123456789";
    static final String CONSOLE_SAMPLE_EVENT = """
            {"id": "cdc73f9d-aea9-11e3-9d5a-835b769c0d9c", "detail-type": "Scheduled Event", "source": "aws.events",
             "account": "123456789012", "time": "1970-01-01T00:00:00Z", "region": "us-east-1",
             "resources": ["arn:aws:events:us-east-1:123456789012:rule/ExampleRule"], "detail": {}}
            """;

    public static class ProductionWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mee6.event-max-age", "25h");
        }
    }

    @Inject
    TestDatabase db;

    @Inject
    LedgerInvariants invariants;

    final Mee6StandIn mee6 = Mee6StandIn.get();

    @BeforeEach
    void reset() {
        db.reset();
        mee6.reset();
        SentryStandIn.reset();
    }

    /**
     * The console's sample event once gave absence rows a first row in 1970: a plausibility window of 500,000 hours,
     * and a member linked off the board who then showed 500,000 XP was paid +5,000. Refused now; that XP is a baseline.
     */
    @Test
    void theConsolesSampleEventIsRefusedAndLifetimeXpStaysABaseline() {
        long carol = db.insertMember(CAROL);
        mee6.serveBoard(GUILD, List.of(new Player(ALICE, 10_000)), 100);
        invoke(CONSOLE_SAMPLE_EVENT).statusCode(500)
                .body("errorType", equalTo(EventTimeRefusedException.class.getName()))
                .body("errorMessage", containsString("its time 1970-01-01T00:00:00Z is outside the accepted window"))
                .body("errorMessage", containsString("MEE6_EVENT_MAX_AGE=25h"))
                .body("errorMessage", containsString("To run by hand, invoke without a time: {}"));
        assertNothingWritten();
        assertThat(SentryStandIn.eventsContaining("Event refused before any work")).as("alerted at once")
                .singleElement().asString().contains("\"job\":\"mee6\"", "refused-event");

        String hour = Instant.now().truncatedTo(ChronoUnit.HOURS).toString();
        invoke(MockEventServer.scheduledEvent(hour)).statusCode(200).body("firstSyncs", equalTo(1));
        mee6.serveBoard(GUILD, List.of(new Player(ALICE, 10_000), new Player(CAROL, 500_000)), 100);
        invoke("{}").statusCode(200).body("implausibleFirstReadings", equalTo(1)).body("pointsAwarded", equalTo(0));
        assertThat(db.balance(carol)).isZero();
        assertThat(invariants.violations()).isEmpty();
    }

    @Test
    void aStreakRunForTomorrowOrNextYearIsRefusedAndClaimsNoDay() {
        // a day ahead, not "tomorrow 00:05": that one is inside the window for the last 5 minutes of a day
        Instant tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        for (Instant time : List.of(tomorrow, tomorrow.plus(365, ChronoUnit.DAYS))) {
            invoke("{\"job\": \"streaks\", \"scheduledTime\": \"" + time + "\"}").statusCode(500)
                    .body("errorMessage", containsString("its scheduledTime " + time + " is outside"))
                    .body("errorMessage", containsString("{\"job\": \"streaks\"}"));
        }
        assertNothingWritten();
        assertThat(SentryStandIn.eventsContaining("Event refused before any work")).hasSize(2);
    }

    /** A sync a year ahead once moved the board's times a year ahead: no full read or sweep end for a year. */
    @Test
    void aSyncAYearAheadIsRefusedAndLeavesTheBoardsTimesAlone() {
        db.insertMember(ALICE);
        mee6.serveBoard(GUILD, List.of(new Player(ALICE, 10_000)), 100);
        invoke("{\"scheduledTime\": \"" + Instant.now().plus(366, ChronoUnit.DAYS) + "\"}").statusCode(500);
        invoke("{\"syncId\": \"by-hand\", \"scheduledTime\": \"" + Instant.now().minus(26, ChronoUnit.HOURS) + "\"}")
                .statusCode(500);
        assertNothingWritten();

        invoke("{}").statusCode(200).body("status", equalTo("COMPLETED"));
        assertThat(db.query("SELECT last_full_read_at <= now(), sweep_completed_at <= now() FROM board_state"))
                .containsExactly(List.of(true, true));
    }

    /**
     * A tick's run delivered late (the scheduler retries for up to 24 h) completes after a later tick's run: the
     * board's proofs of absence keep the later time, or a first reading would be judged against a window hours too
     * long.
     */
    @Test
    void aLateRunOfAnOlderTickMovesNoProofOfAbsenceBack() {
        db.insertMember(ALICE);
        mee6.serveBoard(GUILD, List.of(new Player(ALICE, 10_000)), 100);
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        invoke(MockEventServer.scheduledEvent(hour.toString())).statusCode(200);
        invoke(MockEventServer.scheduledEvent(hour.minus(3, ChronoUnit.HOURS).toString())).statusCode(200)
                .body("status", equalTo("COMPLETED")).body("mee6FullRead", equalTo(true));
        assertThat(db.query("SELECT last_full_read_at = ?::timestamptz, sweep_completed_at = ?::timestamptz "
                + "FROM board_state", hour.toString(), hour.toString())).containsExactly(List.of(true, true));
    }

    /** The scheduler retries a tick for up to 24 h, and clocks differ a little: both are inside the window. */
    @Test
    void aTickRetriedADayLaterOrAMinuteAheadIsAccepted() {
        db.insertMember(ALICE);
        mee6.serveBoard(GUILD, List.of(new Player(ALICE, 10_000)), 100);
        // 24 h old at most by a minute (an hour's truncation could make it 25 h old by the time it is checked)
        String dayOld = Instant.now().minus(24, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES).toString();
        invoke(MockEventServer.scheduledEvent(dayOld)).statusCode(200).body("syncId", equalTo("scheduled-" + dayOld));
        String ahead = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString();
        invoke("{\"scheduledTime\": \"" + ahead + "\"}").statusCode(200).body("status", equalTo("COMPLETED"));
        assertThat(SentryStandIn.eventsContaining("Event refused")).isEmpty();
    }

    private void assertNothingWritten() {
        assertThat(db.queryLong("SELECT count(*) FROM sync_run")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM discord_activity")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM point_transaction")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM streak_day")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM board_state")).isZero();
        assertThat(db.query("SELECT job, consecutive_failures, last_error FROM sync_state"))
                .containsExactly(java.util.Arrays.asList("mee6", 0, null));
    }
}
