package dev.mee6sync.infra;

import static dev.mee6sync.testing.MockEventServer.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The sample events of {@code infra/events/} (what {@code sam local invoke -e} sends) and the payload the template's
 * schedule sends, posted to the Lambda mock event server: each one produces a run with the trigger and sync id its
 * kind implies.
 */
@QuarkusTest
class InfraEventsTest {

    static final String ALICE = "401234567890123456";

    @Inject
    TestDatabase db;

    final Mee6StandIn mee6 = Mee6StandIn.get();

    @BeforeEach
    void reset() {
        db.reset();
        mee6.reset();
        db.insertMember(ALICE);
        mee6.serveBoard(Mee6StandIn.GUILD_ID, List.of(new Mee6StandIn.Player(ALICE, 1_000L)), 100);
    }

    @Test
    void everySampleEventProducesARun() throws IOException {
        assertThat(sampleEvents()).containsExactly("audit-event.json", "full-read-event.json",
                "manual-event.json", "mass-change-apply-event.json", "mass-change-rebaseline-event.json",
                "resume-event.json", "scheduled-event.json", "scheduler-event.json", "streaks-event.json");

        invoke(event("manual-event.json")).statusCode(200)
                .body("status", equalTo("COMPLETED")).body("trigger", equalTo("manual"))
                .body("syncId", startsWith("mee6-"));
        invoke(event("scheduled-event.json")).statusCode(200)
                .body("status", equalTo("COMPLETED")).body("trigger", equalTo("eventbridge-rule"))
                .body("syncId", equalTo("scheduled-2026-11-23T23:00:00Z"));
        invoke(event("scheduler-event.json")).statusCode(200)
                .body("status", equalTo("COMPLETED")).body("trigger", equalTo("eventbridge-scheduler"))
                .body("syncId", equalTo("scheduled-2026-11-24T00:00:00Z"));
        // resuming the 23:00 sync, which completed: nothing left to do
        invoke(event("resume-event.json")).statusCode(200)
                .body("status", equalTo("SKIPPED")).body("syncId", equalTo("scheduled-2026-11-23T23:00:00Z"));

        assertThat(db.query("SELECT trigger, status FROM sync_run ORDER BY started_at"))
                .containsExactly(List.of("manual", "COMPLETED"), List.of("eventbridge-rule", "COMPLETED"),
                        List.of("eventbridge-scheduler", "COMPLETED"));
    }

    @Test
    void theJobsAndTheOperatorsEventsProduceTheirRuns() throws IOException {
        invoke(event("full-read-event.json")).statusCode(200)
                .body("status", equalTo("COMPLETED")).body("mee6FullRead", equalTo(true));
        invoke(event("mass-change-rebaseline-event.json")).statusCode(200)
                .body("status", equalTo("COMPLETED")).body("massChange", equalTo("rebaseline"))
                .body("syncId", equalTo("scheduled-2026-11-24T05:00:00Z")).body("trigger", equalTo("manual"));
        invoke(event("mass-change-apply-event.json")).statusCode(200)
                .body("status", equalTo("SKIPPED")).body("message", containsString("already completed"));
        invoke(event("streaks-event.json")).statusCode(200)
                .body("status", equalTo("COMPLETED")).body("trigger", equalTo("eventbridge-scheduler"))
                .body("syncId", equalTo("streaks-scheduled-2026-11-25T00:05:00Z"))
                .body("daysEvaluated", contains("2026-11-24"));
        invoke(event("audit-event.json")).statusCode(200)
                .body("status", equalTo("OK")).body("trigger", equalTo("eventbridge-scheduler"))
                .body("syncId", startsWith("audit-scheduled-"));
        assertThat(db.query("SELECT job, count(*) FROM sync_run GROUP BY job ORDER BY job"))
                .containsExactly(List.of("audit", 1L), List.of("mee6", 2L), List.of("streaks", 1L));
    }

    @Test
    void theResumeEventResumesAFailedScheduledSync() throws IOException {
        mee6.reset();
        mee6.servePage(Mee6StandIn.GUILD_ID, 0, Mee6StandIn.fixture(503, "blocked-503.html"));
        invoke(event("scheduled-event.json")).statusCode(500);

        mee6.reset();
        mee6.serveBoard(Mee6StandIn.GUILD_ID, List.of(new Mee6StandIn.Player(ALICE, 1_000L)), 100);
        invoke(event("resume-event.json")).statusCode(200)
                .body("status", equalTo("COMPLETED")).body("syncId", equalTo("scheduled-2026-11-23T23:00:00Z"));
        assertThat(db.query("SELECT status, attempts FROM sync_run")).containsExactly(List.of("COMPLETED", 2));
    }

    @Test
    void theTemplatesSchedulePayloadProducesAScheduledRun() throws IOException {
        invoke(TemplateTest.renderScheduleInput("2026-11-24T07:00:00Z")).statusCode(200)
                .body("status", equalTo("COMPLETED")).body("trigger", equalTo("eventbridge-scheduler"))
                .body("syncId", equalTo("scheduled-2026-11-24T07:00:00Z"));
    }

    static String event(String name) throws IOException {
        return Files.readString(Path.of("infra", "events", name));
    }

    static List<String> sampleEvents() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("infra", "events"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .sorted().toList();
        }
    }
}
