package dev.mee6sync.infra;

import static dev.mee6sync.testing.MockEventServer.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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
        assertThat(sampleEvents()).containsExactly("manual-event.json", "resume-event.json", "scheduled-event.json",
                "scheduler-event.json");

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

    /**
     * TODO(jobs contract): sample events of the job runner the application does not accept yet: the daily jobs'
     * schedule payloads ({"job": "streaks"|"audit", "scheduledTime": ...}), a full read ({"fullRead": true}) and an
     * operator's mass-change decision ({"syncId": ..., "massChange": "apply"|"rebaseline"}). Left out of this test
     * until the application runs them; the teammate wiring the jobs posts them above and deletes this exclusion.
     */
    static final Set<String> NOT_YET_ACCEPTED = Set.of("streaks-event.json", "audit-event.json",
            "full-read-event.json", "mass-change-apply-event.json", "mass-change-rebaseline-event.json");

    static List<String> sampleEvents() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("infra", "events"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .filter(n -> !NOT_YET_ACCEPTED.contains(n)).sorted().toList();
        }
    }
}
