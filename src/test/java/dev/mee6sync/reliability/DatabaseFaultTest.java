package dev.mee6sync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.Mee6StandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The database failing under a running sync: its connection terminated in the middle of a batch, a statement
 * cancelled by the server's statement timeout, its connection dropped while it waits for MEE6. After each: the run
 * FAILED with a message an operator understands, the batches committed before are complete, nothing of the interrupted
 * batch is left, the job lock is free, and a re-run of the same sync id processes every member exactly once on a
 * pool that has recovered. See {@link DatabaseFaults} for how each fault is placed deterministically.
 */
@QuarkusTest
class DatabaseFaultTest {

    static final Figures FIGURES = new Figures("Database faults");
    static final int MEMBERS = 250; // three batches: 100, 100, 50
    static final long FIRST_ID = 400_000_000_000_000_000L;
    static final String SYNC_ID = "interrupted";

    @Inject
    SyncHarness sync;

    @Inject
    DatabaseFaults faults;

    final ExecutorService background = Executors.newSingleThreadExecutor();
    List<String> ids;
    List<Long> members;
    Map<String, Long> grown;

    @BeforeEach
    void recordBaselines() {
        sync.reset(FIGURES);
        ids = sync.link(MEMBERS, FIRST_ID);
        members = sync.memberIds();
        sync.serve(SyncHarness.xp(ids, i -> 5_000_000 - 10 * i));
        sync.invokeSync("base").statusCode(200).body("status", equalTo("COMPLETED"));
        grown = SyncHarness.xp(ids, i -> 5_000_000 - 10 * i + 150); // 1 point each, 50 XP carried
        sync.serve(grown);
    }

    @AfterEach
    void stopBackground() {
        background.shutdownNow();
        faults.clear();
    }

    @AfterAll
    static void printFigures() {
        FIGURES.print();
    }

    @Test
    void theSyncsConnectionTerminatedMidBatchLeavesWholeBatchesAndTheSameSyncIdFinishesTheJob() throws Exception {
        long blockedMember = members.get(150); // the middle of the second batch: 50 of its rows already inserted
        ValidatableResponse failed;
        try (DatabaseFaults.Gate gate = faults.gateBefore(SYNC_ID, blockedMember)) {
            Future<ValidatableResponse> run = background.submit(() -> sync.invokeSync(SYNC_ID));
            gate.terminateBlockedBackend();
            FIGURES.fault();
            failed = run.get(30, TimeUnit.SECONDS);
        }

        failed.statusCode(500).body("errorMessage", containsString("Sync " + SYNC_ID + " failed: Database error: "))
                .body("errorMessage", containsString("terminating connection due to administrator command"))
                .body("errorMessage", containsString("[SQLState 57P01]"));
        assertInterruptedAfterTheFirstBatch("57P01");
        assertResumedBySameSyncId();
    }

    @Test
    void aStatementTimeoutMidBatchFailsTheRunCleanlyAndTheSameSyncIdFinishesTheJob() {
        faults.statementTimeoutInBatchOf(SYNC_ID, members.get(150));
        FIGURES.fault();

        sync.invokeSync(SYNC_ID).statusCode(500)
                .body("errorMessage", containsString("Sync " + SYNC_ID + " failed: Database error: "))
                .body("errorMessage", containsString("canceling statement due to statement timeout"))
                .body("errorMessage", containsString("[SQLState 57014]"));
        faults.clear();

        assertInterruptedAfterTheFirstBatch("57014");
        assertResumedBySameSyncId();
    }

    @Test
    void theConnectionDroppedWhileWaitingForMee6WritesNothingAndTheSameSyncIdFinishesTheJob() throws Exception {
        // MEE6 is slow: the run holds the job lock on an idle connection while it waits, and that connection dies
        sync.mee6().reset();
        sync.mee6().serveBoard(SyncHarness.GUILD, SyncHarness.players(grown), SyncHarness.PAGE_SIZE);
        sync.mee6().servePage(SyncHarness.GUILD, 0, Mee6StandIn.okJson(Mee6StandIn.pageJson(SyncHarness.GUILD, 0,
                SyncHarness.page(grown, 0))).withFixedDelay(1_500));
        Future<ValidatableResponse> run = background.submit(() -> sync.invokeSync(SYNC_ID));
        faults.terminate(faults.awaitJobLockHolder(Duration.ofSeconds(10)));
        FIGURES.fault();

        run.get(30, TimeUnit.SECONDS).statusCode(500)
                .body("errorMessage", containsString("Sync " + SYNC_ID + " failed: Database error: "));
        assertThat(sync.activityRows(SYNC_ID)).as("nothing written after the connection died").isZero();
        assertThat(sync.transactions(SYNC_ID)).isZero();
        assertThat(sync.failureCounter()).isEqualTo(1);
        assertThat(faults.jobLockHeld()).as("the job lock went with the connection").isFalse();
        sync.assertLedgerSound("after the connection dropped");

        sync.serve(grown);
        sync.invokeSync(SYNC_ID).statusCode(200).body("status", equalTo("COMPLETED"))
                .body("membersAlreadySynced", equalTo(0))
                .body("pointsAwarded", equalTo(MEMBERS));
        assertEveryMemberOnceAndPaidOnce();
    }

    /** The first batch committed whole, nothing of the second (nor the third), and the failure is on record. */
    private void assertInterruptedAfterTheFirstBatch(String sqlState) {
        List<Long> written = sync.membersWithRows(SYNC_ID);
        assertThat(written).as("exactly the first batch").containsExactlyElementsOf(members.subList(0, 100));
        assertThat(sync.transactions(SYNC_ID)).as("its point transactions, no more").isEqualTo(100);
        assertThat(sync.totalPoints()).isEqualTo(100);
        List<Object> run = sync.syncRun(SYNC_ID);
        assertThat(run.get(0)).isEqualTo("FAILED");
        assertThat((String) run.get(1)).startsWith("Database error: ").contains("[SQLState " + sqlState + "]");
        assertThat(sync.failureCounter()).isEqualTo(1);
        assertThat(sync.lastError()).contains("SQLState " + sqlState);
        assertThat(faults.jobLockHeld()).as("the job lock is free").isFalse();
        sync.assertLedgerSound("after the interrupted run");
    }

    /** The same sync id again: the first batch is skipped, the others are processed, once. Then a later run works. */
    private void assertResumedBySameSyncId() {
        sync.invokeSync(SYNC_ID).statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("membersAlreadySynced", equalTo(100))
                .body("membersInMee6", equalTo(MEMBERS - 100))
                .body("pointsAwarded", equalTo(MEMBERS - 100))
                .body("consecutiveFailures", equalTo(0));
        assertThat(sync.syncRun(SYNC_ID)).containsExactly("COMPLETED", null, 2);
        assertEveryMemberOnceAndPaidOnce();
    }

    private void assertEveryMemberOnceAndPaidOnce() {
        assertThat(sync.membersWithRows(SYNC_ID)).containsExactlyElementsOf(members);
        assertThat(sync.transactions(SYNC_ID)).isEqualTo(MEMBERS);
        assertThat(sync.balances().values()).containsOnly(1L);
        sync.assertLedgerSound("after the re-run");

        // the pool recovered: a later sync runs normally
        sync.serve(SyncHarness.xp(ids, i -> 5_000_000 - 10 * i + 300));
        sync.invokeSync("later").statusCode(200).body("status", equalTo("COMPLETED"))
                .body("pointsAwarded", equalTo(2 * MEMBERS)); // 150 XP on a carry of 50: 2 points
        assertThat(sync.balances().values()).containsOnly(3L);
        sync.assertLedgerSound("after a later run");
    }
}
