package dev.mee6sync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.sync.SyncStats;
import dev.mee6sync.job.RunStatus;
import dev.mee6sync.job.RunRequest;
import dev.mee6sync.testing.MockEventServer;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Lambda delivers an event more than once (EventBridge duplicates, Lambda's own retries after an error). Every
 * delivery of one schedule tick shares the tick's sync id: the first that completes writes, every other one writes
 * nothing and reads nothing, and the ledger pays each member once, whatever the board says by then.
 */
@QuarkusTest
class ReplayTest {

    static final Figures FIGURES = new Figures("Replay");
    static final int MEMBERS = 150;
    static final long FIRST_ID = 100_000_000_000_000_000L;
    static final int DELIVERIES = 10;
    static final int AT_ONCE = 4;

    @Inject
    SyncHarness sync;

    @Inject
    DatabaseFaults faults;

    List<String> ids;

    @BeforeEach
    void linkMembersAndRecordTheirBaselines() {
        sync.reset(FIGURES);
        ids = sync.link(MEMBERS, FIRST_ID);
        sync.serve(board(0));
        sync.invokeSync("base").statusCode(200).body("status", equalTo("COMPLETED"));
    }

    @AfterAll
    static void printFigures() {
        FIGURES.print();
    }

    /** Every member {@code gain} XP above its baseline. */
    Map<String, Long> board(long gain) {
        return SyncHarness.xp(ids, i -> 3_000_000 - 10 * i + gain);
    }

    @Test
    void theSameScheduledEventDeliveredTenTimesInARowIsProcessedOnce() {
        String tick = MockEventServer.scheduledEvent("2026-11-24T01:00:00Z");
        String syncId = "scheduled-2026-11-24T01:00:00Z";
        sync.serve(board(250));
        sync.invoke(tick).statusCode(200).body("syncId", equalTo(syncId)).body("status", equalTo("COMPLETED"))
                .body("pointsAwarded", equalTo(2 * MEMBERS));
        sync.assertLedgerSound("after the first delivery");

        for (int delivery = 2; delivery <= DELIVERIES; delivery++) {
            sync.serve(board(250 + 1_000L * delivery)); // MEE6 moved on: a replay must not read it, nor pay for it
            FIGURES.fault();
            sync.invoke(tick).statusCode(200).body("syncId", equalTo(syncId))
                    .body("status", equalTo("SKIPPED"))
                    .body("message", containsString("run " + syncId + " already completed: nothing left to do"));
            assertThat(sync.mee6().requests(SyncHarness.GUILD)).as("delivery %d read MEE6", delivery).isEmpty();
            sync.assertLedgerSound("after delivery " + delivery);
        }
        assertPaidOnce(syncId, 2);
        assertThat(sync.syncRun(syncId)).containsExactly("COMPLETED", null, 1);
    }

    @Test
    void aTickWhoseFirstDeliveryFailedIsFinishedByItsRetryAndLaterDeliveriesAreSkipped() {
        String tick = MockEventServer.scheduledEvent("2026-11-24T02:00:00Z");
        String syncId = "scheduled-2026-11-24T02:00:00Z";
        sync.serve(board(250));
        sync.mee6().servePage(SyncHarness.GUILD, 1, Mee6Fault.HTML_503.answer(1, List.of()));
        FIGURES.fault();
        sync.invoke(tick).statusCode(500).body("errorMessage", containsString("Sync " + syncId + " failed"));
        assertThat(sync.activityRows(syncId)).isZero();
        assertThat(sync.failureCounter()).isEqualTo(1);

        sync.serve(board(250)); // Lambda retries the event once MEE6 is back
        sync.invoke(tick).statusCode(200).body("status", equalTo("COMPLETED")).body("consecutiveFailures", equalTo(0));
        for (int delivery = 3; delivery <= DELIVERIES; delivery++) {
            FIGURES.fault();
            sync.invoke(tick).statusCode(200).body("status", equalTo("SKIPPED"));
            sync.assertLedgerSound("after delivery " + delivery);
        }
        assertPaidOnce(syncId, 2);
        assertThat(sync.syncRun(syncId)).containsExactly("COMPLETED", null, 2);
        assertThat(sync.failureCounter()).isZero();
    }

    /** The first delivery is held inside the job lock (a gate on its first activity row) while the others arrive. */
    @Test
    void theSameScheduledEventDeliveredFourTimesAtOnceIsProcessedOnce() throws Exception {
        String tick = MockEventServer.scheduledEvent("2026-11-24T03:00:00Z");
        RunRequest trigger = sync.trigger(tick);
        assertThat(trigger.runId()).isEqualTo("scheduled-2026-11-24T03:00:00Z");
        sync.serve(board(250));
        FIGURES.fault();

        List<SyncStats> stats;
        try (DatabaseFaults.Gate gate = faults.gateBeforeActivityOf(sync.memberIds().get(0));
                SyncHarness.ConcurrentRuns runs = sync.start(Collections.nCopies(AT_ONCE, trigger))) {
            gate.awaitBlockedBackend();
            assertThat(runs.awaitEnded(AT_ONCE - 1)).allSatisfy(s -> {
                assertThat(s.status()).isEqualTo(RunStatus.SKIPPED);
                assertThat(s.message()).contains("another run holds the job lock");
            });
            gate.open();
            stats = runs.awaitAll();
        }

        assertOneCompletedOthersSkipped(stats);
        assertThat(sync.mee6().requests(SyncHarness.GUILD)).hasSize(2); // one read of both pages
        sync.invoke(tick).statusCode(200).body("status", equalTo("SKIPPED"))
                .body("message", containsString("already completed"));
        assertPaidOnce(trigger.runId(), 2);
    }

    /**
     * Without a gate the deliveries race for real: one may finish before another even starts. Whatever the
     * interleaving, each tick is processed once.
     */
    @Test
    void fiveTicksEachDeliveredFourTimesAtOnceAreEachProcessedOnce() throws Exception {
        for (int tick = 0; tick < 5; tick++) {
            String time = "2026-11-24T0" + (4 + tick) + ":00:00Z";
            RunRequest trigger = sync.trigger(MockEventServer.scheduledEvent(time));
            sync.serve(board(150L * (tick + 1)));
            FIGURES.fault();

            List<SyncStats> stats = sync.runAtOnce(Collections.nCopies(AT_ONCE, trigger));

            assertOneCompletedOthersSkipped(stats);
            assertThat(sync.activityRows(trigger.runId())).isEqualTo(MEMBERS);
            assertThat(sync.syncRun(trigger.runId())).as("tick %s", time).containsExactly("COMPLETED", null, 1);
            sync.assertLedgerSound("after tick " + time);
        }
        // 5 x 150 XP: 7 points each, 50 XP carried
        assertThat(sync.balances().values()).containsOnly(7L);
        assertThat(sync.failureCounter()).isZero();
    }

    private void assertOneCompletedOthersSkipped(List<SyncStats> stats) {
        List<RunStatus> statuses = new ArrayList<>();
        stats.forEach(s -> statuses.add(s.status()));
        assertThat(statuses).as("statuses of %d deliveries: %s", stats.size(), stats.stream()
                .map(s -> s.status() + (s.message() == null ? "" : " (" + s.message() + ")")).toList())
                .containsOnlyOnce(RunStatus.COMPLETED)
                .containsOnly(RunStatus.COMPLETED, RunStatus.SKIPPED);
    }

    /** Every member has exactly one row and one transaction for {@code syncId}, and {@code points} in all. */
    private void assertPaidOnce(String syncId, long points) {
        assertThat(sync.activityRows(syncId)).isEqualTo(MEMBERS);
        assertThat(sync.transactions(syncId)).isEqualTo(MEMBERS);
        assertThat(sync.balances().values()).containsOnly(points);
        sync.assertLedgerSound("after every delivery of " + syncId);
    }
}
