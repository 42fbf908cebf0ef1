package dev.mee6sync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.mee6sync.testing.Mee6StandIn.Player;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every failure mode of MEE6 (docs/mee6-api.md), injected into whole syncs over a two-page board: the run
 * fails or succeeds as specified, says so in words an operator can act on, and a failed run writes nothing at all
 * (the fetch is all or nothing, even when an earlier page was read fine).
 */
@QuarkusTest
class Mee6FaultTest {

    static final Figures FIGURES = new Figures("MEE6 faults");
    static final int MEMBERS = 150; // two pages of 100, two batches of 100
    static final long FIRST_ID = 300_000_000_000_000_000L;

    @Inject
    SyncHarness sync;

    List<String> ids;
    Map<String, Long> baseline;
    Map<String, Long> grown;

    @BeforeEach
    void linkMembersAndRecordTheirBaselines() {
        sync.reset(FIGURES);
        ids = sync.link(MEMBERS, FIRST_ID);
        baseline = SyncHarness.xp(ids, i -> 1_000_000 - 10 * i);
        grown = SyncHarness.xp(ids, i -> 1_000_000 - 10 * i + 250); // 2 points each, 50 XP carried
        sync.serve(baseline);
        sync.invokeSync("base").statusCode(200).body("status", equalTo("COMPLETED"))
                .body("firstSyncs", equalTo(MEMBERS));
    }

    @AfterAll
    static void printFigures() {
        FIGURES.print();
    }

    /** HTTP refusals on the first page (where MEE6 gives them); everything else on page 1, after a good page 0. */
    static int failingPage(Mee6Fault fault) {
        return fault == Mee6Fault.PRIVATE_401 || fault == Mee6Fault.UNKNOWN_GUILD_404 ? 0 : 1;
    }

    @ParameterizedTest
    @EnumSource(Mee6Fault.class)
    void aFetchThatCannotCompleteFailsTheRunSaysWhyAndWritesNothing(Mee6Fault fault) {
        String syncId = "fault-" + fault.name().toLowerCase().replace('_', '-');
        int page = failingPage(fault);
        sync.serve(grown);
        sync.mee6().servePage(SyncHarness.GUILD, page, fault.answer(page, SyncHarness.page(grown, page)));
        FIGURES.fault();

        String kind = fault.permanent ? "permanent" : "transient";
        var response = sync.invokeSync(syncId).statusCode(500)
                .body("errorType", containsString("RunFailedException"))
                .body("errorMessage", containsString("Sync " + syncId + " failed: MEE6 fetch failed (" + kind + "): "));
        for (String fragment : fault.says) {
            response.body("errorMessage", containsString(fragment));
        }
        if (!fault.permanent) {
            response.body("errorMessage", containsString("MEE6 leaderboard page " + page + " of guild "
                    + SyncHarness.GUILD + " could not be read after 3 attempts"))
                    .body("errorMessage", containsString("MEE6_RETRY_MAX_ATTEMPTS=3 reached"))
                    .body("errorMessage", containsString("Nothing was synced; the next run will try again"));
        } else if (fault.isAboutData()) {
            response.body("errorMessage", containsString("MEE6 leaderboard page " + page + ", players["));
        }
        String operatorMessage = response.extract().path("errorMessage");

        // nothing written for anyone, although page 0 was read fine for most faults
        assertThat(sync.activityRows(syncId)).as("activity rows of %s", syncId).isZero();
        assertThat(sync.allTransactions()).isZero();
        assertThat(sync.totalPoints()).isZero();
        assertThat(sync.syncRun(syncId)).containsExactly("FAILED", operatorMessage.substring(
                ("Sync " + syncId + " failed: ").length()), 1);
        assertThat(sync.failureCounter()).isEqualTo(1);
        assertThat(sync.lastError()).contains(fault.says.get(0));
        assertThat(requestsOfPage(page)).as("requests of the failing page").isEqualTo(fault.requestsOfFailingPage());
        sync.assertLedgerSound("after " + fault);

        // MEE6 is back: the same sync id now completes and pays each member once
        sync.serve(grown);
        sync.invokeSync(syncId).statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("membersInMee6", equalTo(MEMBERS))
                .body("pointsAwarded", equalTo(2 * MEMBERS))
                .body("consecutiveFailures", equalTo(0));
        assertThat(sync.activityRows(syncId)).isEqualTo(MEMBERS);
        assertThat(sync.syncRun(syncId)).containsExactly("COMPLETED", null, 2);
        sync.assertLedgerSound("after " + fault + " recovered");
    }

    @ParameterizedTest
    @EnumSource(value = Mee6Fault.class, mode = EnumSource.Mode.EXCLUDE,
            names = { "PRIVATE_401", "UNKNOWN_GUILD_404", "NEGATIVE_XP", "NON_NUMERIC_ID" })
    void aTransientFaultThatClearsWithinTheRetriesCompletesTheRunAndCountsTheRetry(Mee6Fault fault) {
        String syncId = "retried-" + fault.name().toLowerCase().replace('_', '-');
        List<Player> rows = SyncHarness.page(grown, 1);
        sync.serve(grown);
        sync.mee6().servePageInTurn(SyncHarness.GUILD, 1, fault.answer(1, rows), Mee6Fault.healthy(1, rows));
        FIGURES.fault();

        sync.invokeSync(syncId).statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("mee6Retries", equalTo(1))
                .body("mee6Pages", equalTo(2))
                .body("membersInMee6", equalTo(MEMBERS))
                .body("pointsAwarded", equalTo(2 * MEMBERS));

        assertThat(sync.db().queryLong("SELECT (stats ->> 'mee6Retries')::int FROM sync_run WHERE sync_id = ?", syncId))
                .isEqualTo(1);
        assertThat(sync.failureCounter()).isZero();
        assertThat(sync.transactions(syncId)).isEqualTo(MEMBERS);
        assertThat(requestsOfPage(1)).isEqualTo(2);
        sync.assertLedgerSound("after a cleared " + fault);
    }

    @Test
    void aBoardThatShrinksByHalfRecordsAbsencesAndDeductsNothing() {
        Map<String, Long> half = new java.util.LinkedHashMap<>();
        for (int i = 0; i < MEMBERS; i += 2) {
            half.put(ids.get(i), grown.get(ids.get(i)));
        }
        sync.serve(half);
        FIGURES.fault();
        sync.invokeSync("half").statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("membersInMee6", equalTo(MEMBERS / 2))
                .body("membersNotInMee6", equalTo(MEMBERS / 2))
                .body("pointsAwarded", equalTo(MEMBERS)) // 75 present members, 2 points each
                .body("pointsDeducted", equalTo(0));
        assertThat(sync.db().query("SELECT count(*), count(*) FILTER (WHERE xp_total = 0 AND xp_delta IS NULL) "
                + "FROM discord_activity WHERE sync_id = 'half' AND NOT in_leaderboard"))
                .containsExactly(List.of(75L, 75L));
        assertThat(sync.db().queryLong("SELECT count(*) FROM point_transaction WHERE points < 0")).isZero();
        assertThat(sync.balances().values()).containsOnly(0L, 2L);
        sync.assertLedgerSound("after the board shrank");

        // the missing half comes back 380 XP above its last reading: paid from that reading, not from zero
        Map<String, Long> back = new java.util.LinkedHashMap<>(half);
        for (int i = 1; i < MEMBERS; i += 2) {
            back.put(ids.get(i), baseline.get(ids.get(i)) + 380);
        }
        sync.serve(back);
        sync.invokeSync("back").statusCode(200)
                .body("membersInMee6", equalTo(MEMBERS))
                .body("pointsAwarded", equalTo(3 * MEMBERS / 2))
                .body("pointsDeducted", equalTo(0));
        assertThat(sync.balances().values()).containsOnly(2L, 3L);
        sync.assertLedgerSound("after the board grew back");
    }

    private long requestsOfPage(int page) {
        return sync.mee6().pagesRequested(SyncHarness.GUILD).stream().filter(p -> p == page).count();
    }
}
