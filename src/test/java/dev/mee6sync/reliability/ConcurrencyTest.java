package dev.mee6sync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import dev.mee6sync.testing.Jobs;
import dev.mee6sync.sync.SyncStats;
import dev.mee6sync.job.RunStatus;
import dev.mee6sync.job.RunRequest;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.SentryStandIn;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Runs with different sync ids at the same moment. At most one processes members at a time (the job lock); the others
 * report SKIPPED, which is not a failure; and the ledger is exact: a board that gains XP at every read would pay twice
 * if two runs ever computed deltas from the same state, so the balances must equal exactly what the completed runs
 * read, one after the other.
 */
@QuarkusTest
class ConcurrencyTest {

    static final Figures FIGURES = new Figures("Concurrency");
    static final int MEMBERS = 50; // one page
    static final long FIRST_ID = 200_000_000_000_000_000L;
    static final int RUNS_AT_ONCE = 8;
    static final String LOCK_HELD = "another run holds the job lock";

    @Inject
    SyncHarness sync;

    @Inject
    Jobs jobs;

    @Inject
    DatabaseFaults faults;

    List<String> ids;

    @BeforeEach
    void linkMembersAndRecordTheirBaselines() {
        sync.reset(FIGURES);
        ids = sync.link(MEMBERS, FIRST_ID);
        sync.serve(boardVersion(0));
        sync.invokeSync("base").statusCode(200);
    }

    @AfterAll
    static void printFigures() {
        FIGURES.print();
    }

    /** Version v of the board: every member 150 XP above version v - 1. */
    Map<String, Long> boardVersion(int v) {
        return SyncHarness.xp(ids, i -> 2_000_000 - 10 * i + 150L * v);
    }

    /** Each read of the board returns the next version, 1, 2, 3...: MEE6 under a chatty guild. */
    void serveAGrowingBoard(int versions) {
        sync.mee6().reset();
        ResponseDefinitionBuilder[] answers = new ResponseDefinitionBuilder[versions];
        for (int v = 1; v <= versions; v++) {
            answers[v - 1] = Mee6StandIn.okJson(Mee6StandIn.pageJson(SyncHarness.GUILD, 0,
                    SyncHarness.players(boardVersion(v))));
        }
        sync.mee6().servePageInTurn(SyncHarness.GUILD, 0, answers);
    }

    static List<RunRequest> triggers(String prefix, int count) {
        List<RunRequest> triggers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            triggers.add(Jobs.syncRequest(prefix + "-" + i));
        }
        return triggers;
    }

    /**
     * One run is held inside the job lock (a gate on its first activity row) until the seven others have ended: it
     * overlaps all of them, whatever the machine's speed.
     */
    @Test
    void eightRunsAtTheSameMomentOneProcessesAndSevenAreSkipped() throws Exception {
        serveAGrowingBoard(RUNS_AT_ONCE);
        FIGURES.fault();
        List<SyncStats> stats;
        try (DatabaseFaults.Gate gate = faults.gateBeforeActivityOf(sync.memberIds().get(0));
                SyncHarness.ConcurrentRuns runs = sync.start(triggers("at-once", RUNS_AT_ONCE))) {
            gate.awaitBlockedBackend();
            assertThat(runs.awaitEnded(RUNS_AT_ONCE - 1)).as("the runs that ended while one held the lock")
                    .allSatisfy(s -> {
                        assertThat(s.status()).isEqualTo(RunStatus.SKIPPED);
                        assertThat(s.message()).contains(LOCK_HELD);
                    });
            gate.open();
            stats = runs.awaitAll();
        }

        List<SyncStats> skipped = stats.stream().filter(s -> s.status() == RunStatus.SKIPPED).toList();
        assertThat(stats).filteredOn(s -> s.status() == RunStatus.COMPLETED).hasSize(1);
        assertThat(skipped).hasSize(RUNS_AT_ONCE - 1);
        assertThat(sync.mee6().requests(SyncHarness.GUILD)).as("skipped runs never read MEE6").hasSize(1);
        for (SyncStats s : skipped) {
            assertThat(sync.syncRun(s.runId())).as("a skipped run leaves no sync_run row").isEmpty();
            assertThat(sync.activityRows(s.runId())).isZero();
        }
        assertExact(1);
    }

    @Test
    void wavesOfEightRunsAtOnceOverABoardThatGrowsAtEveryReadPayExactlyWhatWasRead() throws Exception {
        int waves = 4;
        serveAGrowingBoard(waves * RUNS_AT_ONCE);
        int completedRuns = 0;
        for (int wave = 0; wave < waves; wave++) {
            FIGURES.fault();
            List<SyncStats> stats = sync.runAtOnce(triggers("wave" + wave, RUNS_AT_ONCE));
            assertThat(stats).as("wave %d: %s", wave, statuses(stats))
                    .allSatisfy(s -> assertThat(s.status()).isIn(RunStatus.COMPLETED, RunStatus.SKIPPED))
                    .anySatisfy(s -> assertThat(s.status()).isEqualTo(RunStatus.COMPLETED));
            for (SyncStats s : stats) {
                if (s.status() == RunStatus.COMPLETED) {
                    completedRuns++;
                    assertThat(sync.activityRows(s.runId())).isEqualTo(MEMBERS);
                } else {
                    assertThat(s.message()).contains(LOCK_HELD);
                    assertThat(sync.activityRows(s.runId())).isZero();
                }
            }
            assertThat(sync.mee6().requests(SyncHarness.GUILD)).as("one read per completed run").hasSize(completedRuns);
            assertExact(completedRuns);
        }
        System.out.printf("[reliability] %d waves of %d runs at once: %d completed, %d skipped%n", waves,
                RUNS_AT_ONCE, completedRuns, waves * RUNS_AT_ONCE - completedRuns);
    }

    /**
     * A run records its outcome (failure counter, {@code sync_run}) while it still holds the job lock. If it let the
     * lock go first, a run starting in between would find its {@code sync_run} row still RUNNING, take it for a run
     * that died, and count a failure that never happened (or, for the same sync id, run it again). Here the first
     * run is held by a gate while it records its success, and a second run starts.
     */
    @Test
    void aRunStartingWhileAnotherRecordsItsOutcomeIsSkippedAndCountsNothing() throws Exception {
        serveAGrowingBoard(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (DatabaseFaults.Gate gate = faults.gateBeforeSuccessIsRecorded()) {
            Future<SyncStats> first = pool.submit(() -> jobs.sync(Jobs.syncRequest("first")));
            gate.awaitBlockedBackend();
            FIGURES.fault();
            Future<SyncStats> second = pool.submit(() -> jobs.sync(Jobs.syncRequest("second")));
            SyncStats secondStats = null;
            try {
                secondStats = second.get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // it got past the job lock and now waits behind the first run's bookkeeping: reported below
            }
            gate.open();
            SyncStats firstStats = first.get(30, TimeUnit.SECONDS);
            if (secondStats == null) {
                secondStats = second.get(30, TimeUnit.SECONDS);
            }
            FIGURES.runs(2);

            assertThat(firstStats.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(secondStats.status()).as("second run: %s", secondStats.message()).isEqualTo(RunStatus.SKIPPED);
            assertThat(secondStats.message()).contains(LOCK_HELD);
        } finally {
            pool.shutdownNow();
        }
        assertThat(sync.syncRun("first")).containsExactly("COMPLETED", null, 1);
        assertThat(sync.failureCounter()).as("no failure happened").isZero();
        assertThat(SentryStandIn.eventsContaining("consecutive sync failures")).isEmpty();
        assertExact(1);
    }

    /**
     * After {@code completedRuns} runs that each read the next version of the board: every member has 1 + that many
     * activity rows and exactly the points of {@code 150 * completedRuns} XP; no failure counted.
     */
    private void assertExact(int completedRuns) {
        long xpMoved = 150L * completedRuns;
        assertThat(sync.balances().values()).as("balances after %d completed runs", completedRuns)
                .containsOnly(xpMoved / 100);
        assertThat(sync.db().queryLong("SELECT count(*) FROM discord_activity"))
                .isEqualTo((long) MEMBERS * (1 + completedRuns));
        assertThat(sync.db().query("SELECT DISTINCT leftover_xp FROM discord_activity a WHERE a.id = "
                + "(SELECT max(id) FROM discord_activity b WHERE b.member_id = a.member_id)"))
                .containsExactly(List.of((int) (xpMoved % 100)));
        assertThat(sync.failureCounter()).isZero();
        sync.assertLedgerSound("after " + completedRuns + " completed runs");
        FIGURES.checks(3);
    }

    private static List<String> statuses(List<SyncStats> stats) {
        return stats.stream().map(s -> s.runId() + "=" + s.status()).toList();
    }
}
