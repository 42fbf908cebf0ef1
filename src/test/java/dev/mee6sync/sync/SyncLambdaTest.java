package dev.mee6sync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.job.JobLock;
import dev.mee6sync.job.RunStatus;
import dev.mee6sync.testing.Jobs;
import dev.mee6sync.testing.LedgerInvariants;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;
import dev.mee6sync.testing.MockEventServer;
import dev.mee6sync.testing.SentryStandIn;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The sync end to end, the way AWS calls it: events posted to the Lambda mock event server, a real PostgreSQL, and a
 * real HTTP server standing in for MEE6 (and one for Sentry). Every test ends with the ledger's invariants checked.
 */
@QuarkusTest
class SyncLambdaTest {

    static final String GUILD = Mee6StandIn.GUILD_ID;
    static final String ALICE = "401234567890123456";
    static final String BOB = "387654321098765432";
    static final String CAROL = "1234567890123456789";
    static final String DAVE = "298765432109876543";

    @Inject
    TestDatabase db;

    @Inject
    LedgerInvariants invariants;

    @Inject
    Jobs jobs;

    final Mee6StandIn mee6 = Mee6StandIn.get();

    @BeforeEach
    void reset() {
        db.reset();
        mee6.reset();
        SentryStandIn.reset();
    }

    @Test
    void firstSyncRecordsBaselinesAndAbsencesAndPaysNothing() {
        long alice = db.insertMember(ALICE);
        long bob = db.insertMember(BOB);
        long dave = db.insertMember(DAVE);
        db.execute("INSERT INTO member (discord_username) VALUES ('not linked')");
        board(Map.of(ALICE, 1_893_402L, BOB, 225_198L, "999999999999999999", 5_000L));

        invoke("{\"syncId\": \"first\"}").statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("syncId", equalTo("first"))
                .body("trigger", equalTo("manual"))
                .body("totalMembers", equalTo(3))
                .body("membersInMee6", equalTo(2))
                .body("membersNotInMee6", equalTo(1))
                .body("firstSyncs", equalTo(3))
                .body("pointsAwarded", equalTo(0))
                .body("errors", equalTo(0))
                .body("mee6Pages", equalTo(1))
                .body("consecutiveFailures", equalTo(0));

        assertThat(activity(alice)).containsExactly(row(1_893_402L, null, 0, true, "first"));
        assertThat(activity(bob)).containsExactly(row(225_198L, null, 0, true, "first"));
        assertThat(activity(dave)).as("absent: no reading").containsExactly(row(0L, null, 0, false, "first"));
        assertThat(db.queryLong("SELECT count(*) FROM point_transaction")).isZero();
        assertThat(db.query("SELECT status, trigger, stats ->> 'membersInMee6' FROM sync_run"))
                .containsExactly(List.of("COMPLETED", "manual", "2"));
        assertSound();
    }

    @Test
    void laterSyncsPayTheDeltaAndCarryTheLeftover() {
        long alice = db.insertMember(ALICE);
        long bob = db.insertMember(BOB);
        board(Map.of(ALICE, 10_000L, BOB, 20_000L));
        invoke("{\"syncId\": \"s1\"}").statusCode(200);

        board(Map.of(ALICE, 10_250L, BOB, 19_780L)); // +250; an admin removed 220 XP from Bob
        invoke("{\"syncId\": \"s2\"}").statusCode(200)
                .body("pointsAwarded", equalTo(2))
                .body("pointsDeducted", equalTo(2))
                .body("firstSyncs", equalTo(0));
        board(Map.of(ALICE, 10_320L, BOB, 19_780L)); // +70 on a carry of 50: one more point, carry 20
        invoke("{\"syncId\": \"s3\"}").statusCode(200).body("pointsAwarded", equalTo(1));

        assertThat(activity(alice)).containsExactly(row(10_000L, null, 0, true, "s1"),
                row(10_250L, 250L, 50, true, "s2"), row(10_320L, 70L, 20, true, "s3"));
        assertThat(activity(bob)).containsExactly(row(20_000L, null, 0, true, "s1"),
                row(19_780L, -220L, -20, true, "s2"), row(19_780L, 0L, -20, true, "s3"));
        assertThat(db.balance(alice)).isEqualTo(3);
        assertThat(db.balance(bob)).isEqualTo(-2);
        assertThat(db.query("SELECT points, sync_id FROM point_transaction WHERE member_id = ? ORDER BY id", alice))
                .containsExactly(List.of(2, "s2"), List.of(1, "s3"));
        assertSound();
    }

    @Test
    void anAbsenceNeitherDeductsNorPaysAgainOnReturn() {
        long alice = db.insertMember(ALICE);
        board(Map.of(ALICE, 31_000L));
        invoke("{\"syncId\": \"present\"}").statusCode(200);
        board(Map.of(BOB, 1L)); // Alice left the server
        invoke("{\"syncId\": \"away-1\"}").statusCode(200).body("membersNotInMee6", equalTo(1))
                .body("pointsDeducted", equalTo(0));
        invoke("{\"syncId\": \"away-2\"}").statusCode(200);
        board(Map.of(ALICE, 31_180L)); // back, 180 XP above her last reading
        invoke("{\"syncId\": \"back\"}").statusCode(200).body("pointsAwarded", equalTo(1));

        assertThat(activity(alice)).containsExactly(row(31_000L, null, 0, true, "present"),
                row(0L, null, 0, false, "away-1"), row(0L, null, 0, false, "away-2"),
                row(31_180L, 180L, 80, true, "back"));
        assertThat(db.balance(alice)).isEqualTo(1);
        assertSound();
    }

    @Test
    void aMemberNeverObservedIsPaidFromZeroWhenFirstSeen() {
        long carol = db.insertMember(CAROL);
        board(Map.of(ALICE, 5L));
        invoke("{\"syncId\": \"unseen\"}").statusCode(200).body("firstSyncs", equalTo(1));
        board(Map.of(CAROL, 260L));
        // a member never observed is looked for in full reads only (the first sync of a member, and daily)
        invoke("{\"syncId\": \"seen\", \"fullRead\": true}").statusCode(200).body("pointsAwarded", equalTo(2))
                .body("firstSyncs", equalTo(0));
        assertThat(activity(carol)).containsExactly(row(0L, null, 0, false, "unseen"),
                row(260L, 260L, 60, true, "seen"));
        assertSound();
    }

    @Test
    void theSameScheduledEventDeliveredTwiceAwardsOnce() {
        long alice = db.insertMember(ALICE);
        board(Map.of(ALICE, 1_000L));
        invoke(scheduledEvent("2026-11-23T22:00:00Z")).statusCode(200)
                .body("syncId", equalTo("scheduled-2026-11-23T22:00:00Z"))
                .body("trigger", equalTo("eventbridge-rule"));
        board(Map.of(ALICE, 1_500L));
        invoke(scheduledEvent("2026-11-23T23:00:00Z")).statusCode(200).body("pointsAwarded", equalTo(5));
        invoke(scheduledEvent("2026-11-23T23:00:00Z")).statusCode(200)
                .body("status", equalTo("SKIPPED"))
                .body("message", containsString("already completed"));

        assertThat(db.balance(alice)).isEqualTo(5);
        assertThat(db.queryLong("SELECT count(*) FROM discord_activity")).isEqualTo(2);
        assertThat(mee6.requests(GUILD)).as("the duplicate did not read MEE6 again").hasSize(1);
        assertSound();
    }

    @Test
    void anEventBridgeSchedulerEventDerivesItsSyncIdFromItsTime() {
        db.insertMember(ALICE);
        board(Map.of(ALICE, 1_000L));
        String schedulerEvent = """
                {"version": "0", "id": "8f2b6a1e", "detail-type": "Scheduled Event", "source": "aws.scheduler",
                 "account": "123456789012", "time": "2026-11-24T00:00:00Z", "region": "eu-west-1",
                 "resources": ["arn:aws:scheduler:eu-west-1:123456789012:schedule/default/mee6-sync"], "detail": "{}"}
                """;
        invoke(schedulerEvent).statusCode(200)
                .body("syncId", equalTo("scheduled-2026-11-24T00:00:00Z"))
                .body("trigger", equalTo("eventbridge-scheduler"))
                .body("status", equalTo("COMPLETED"));
        invoke("{}").statusCode(200).body("syncId", containsString("mee6-")).body("status", equalTo("COMPLETED"));
    }

    @Test
    void aRunWhileAnotherHoldsTheJobLockIsSkippedNotFailed() throws Exception {
        db.insertMember(ALICE);
        board(Map.of(ALICE, 1_000L));
        try (Connection other = db.connection();
                PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, JobLock.key(XpSyncJob.NAME));
            lock.execute();
            invoke("{\"syncId\": \"overlapping\"}").statusCode(200)
                    .body("status", equalTo("SKIPPED"))
                    .body("message", containsString("another run holds the job lock"));
            try (PreparedStatement unlock = other.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, JobLock.key(XpSyncJob.NAME));
                unlock.execute();
            }
        }
        assertThat(db.queryLong("SELECT count(*) FROM discord_activity")).isZero();
        assertThat(db.queryLong("SELECT consecutive_failures FROM sync_state")).isZero();
        invoke("{\"syncId\": \"overlapping\"}").statusCode(200).body("status", equalTo("COMPLETED"));
    }

    @Test
    void twoConcurrentRunsOneCompletesAndTheOtherIsSkipped() throws Exception {
        long alice = db.insertMember(ALICE);
        board(Map.of(ALICE, 1_000L));
        invoke("{\"syncId\": \"before\"}").statusCode(200);
        mee6.reset(); // a slow MEE6 keeps the first run inside the job lock while the second starts
        mee6.servePage(GUILD, 0, Mee6StandIn.okJson(Mee6StandIn.pageJson(GUILD, 0, List.of(new Player(ALICE, 1_300L))))
                .withFixedDelay(1_500));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<SyncStats>> runs = new ArrayList<>();
        for (String syncId : List.of("racer-a", "racer-b")) {
            runs.add(pool.submit(() -> {
                start.await();
                return jobs.sync(Jobs.syncRequest(syncId));
            }));
        }
        start.countDown();
        List<RunStatus> statuses = new ArrayList<>();
        for (Future<SyncStats> run : runs) {
            statuses.add(run.get(30, TimeUnit.SECONDS).status());
        }
        pool.shutdown();
        assertThat(statuses).containsExactlyInAnyOrder(RunStatus.COMPLETED, RunStatus.SKIPPED);
        assertThat(db.balance(alice)).isEqualTo(3);
        assertThat(db.queryLong("SELECT consecutive_failures FROM sync_state")).isZero();
        assertSound();
    }

    @Test
    void aFailedFetchWritesNothingCountsTheFailureAndFailsTheInvocation() {
        db.insertMember(ALICE);
        mee6.servePage(GUILD, 0, Mee6StandIn.fixture(401, "error-401-private-leaderboard.json"));

        invoke("{\"syncId\": \"private\"}").statusCode(500)
                .body("errorType", containsString("RunFailedException"))
                .body("errorMessage", containsString("Sync private failed"))
                .body("errorMessage", containsString("Make my server's leaderboard public"));

        assertThat(db.queryLong("SELECT count(*) FROM discord_activity")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM point_transaction")).isZero();
        assertThat(db.query("SELECT consecutive_failures, last_error LIKE '%401%' FROM sync_state"))
                .containsExactly(List.of(1, true));
        assertThat(db.query("SELECT status, error LIKE 'MEE6 fetch failed (permanent)%' FROM sync_run"))
                .containsExactly(List.of("FAILED", true));
    }

    @Test
    void aFailedFetchStillReportsThePagesAndRetriesItSpent() {
        db.insertMembers(500_000_000_000_000_000L, 150);
        mee6.serveBoard(GUILD, Mee6StandIn.players(150, 500_000_000_000_000_000L, 100_000), 100);
        mee6.servePage(GUILD, 1, Mee6StandIn.fixture(503, "blocked-503.html")); // page 0 reads, page 1 never does

        invoke("{\"syncId\": \"throttled\"}").statusCode(500).body("errorMessage", containsString("after 3 attempts"));

        // the test profile allows 3 attempts per page: page 0 once, page 1 three times
        assertThat(db.query("SELECT stats ->> 'mee6Pages', stats ->> 'mee6Retries', stats ->> 'mee6PlayersRead' "
                + "FROM sync_run WHERE sync_id = 'throttled'")).containsExactly(List.of("2", "2", "100"));
        assertThat(db.queryLong("SELECT count(*) FROM discord_activity")).isZero();
    }

    /** A failure that will not heal by itself (a refused token, an unknown guild) alerts at the first run, once. */
    @Test
    void aPermanentFailureAlertsAtTheFirstRunOnceAndItsRecoveryOnce() {
        db.insertMember(ALICE);
        mee6.servePage(GUILD, 0, Mee6StandIn.fixture(404, "error-404-unknown-guild.json"));
        invoke("{\"syncId\": \"gone-1\"}").statusCode(500);
        assertThat(SentryStandIn.eventsContaining("needs an operator now")).singleElement().asString()
                .contains("1 consecutive sync failures", "404 Not Found", "source:mee6:unknown-guild");
        invoke("{\"syncId\": \"gone-2\"}").statusCode(500);
        invoke("{\"syncId\": \"gone-3\"}").statusCode(500);
        assertThat(SentryStandIn.eventsContaining("consecutive sync failures")).as("once per outage, not again at 3")
                .hasSize(1);

        mee6.reset();
        board(Map.of(ALICE, 10L));
        invoke("{\"syncId\": \"back\"}").statusCode(200);
        assertThat(SentryStandIn.eventsContaining("recovered")).singleElement().asString()
                .contains("completed after 3 consecutive failures");
    }

    @Test
    void threeFailuresInARowAlertOpsOnceAndRecoveryIsAnnounced() {
        db.insertMember(ALICE);
        mee6.servePage(GUILD, 0, Mee6StandIn.fixture(503, "blocked-503.html")); // transient: MEE6 may come back
        invoke("{\"syncId\": \"down-1\"}").statusCode(500);
        invoke("{\"syncId\": \"down-2\"}").statusCode(500);
        assertThat(SentryStandIn.eventsContaining("consecutive sync failures")).isEmpty();

        invoke("{\"syncId\": \"down-3\"}").statusCode(500);
        List<String> alerts = SentryStandIn.eventsContaining("consecutive sync failures");
        assertThat(alerts).singleElement().asString()
                .contains("mee6-sync: 3 consecutive sync failures", "\"failure_count\":\"3\"", "\"sync_id\":\"down-3\"",
                        "\"job\":\"mee6\"", "\"level\":\"error\"", "consecutive-failures", GUILD)
                .doesNotContain("username");
        assertThat(db.queryLong("SELECT count(*) FROM sync_state WHERE alerted_at IS NOT NULL")).isEqualTo(1);

        invoke("{\"syncId\": \"down-4\"}").statusCode(500);
        assertThat(SentryStandIn.eventsContaining("consecutive sync failures")).as("one alert per outage").hasSize(1);
        assertThat(db.queryLong("SELECT consecutive_failures FROM sync_state")).isEqualTo(4);

        mee6.reset();
        board(Map.of(ALICE, 10L));
        invoke("{\"syncId\": \"up\"}").statusCode(200).body("consecutiveFailures", equalTo(0));
        assertThat(SentryStandIn.eventsContaining("recovered")).singleElement().asString()
                .contains("completed after 4 consecutive failures", "\"level\":\"info\"");
        assertThat(db.query(
                "SELECT consecutive_failures, alerted_at IS NULL, last_success_at IS NOT NULL FROM sync_state"))
                .containsExactly(List.of(0, true, true));

        invoke("{\"syncId\": \"up-again\"}").statusCode(200);
        assertThat(SentryStandIn.eventsContaining("recovered")).as("one recovery event").hasSize(1);
    }

    @Test
    void aRunThatNeverRecordedItsEndIsClosedAndCountedAsAFailure() {
        db.insertMember(ALICE);
        // what a Lambda timeout leaves: the run's row still RUNNING, the job lock gone with its connection
        db.execute("INSERT INTO sync_run (sync_id, trigger, status, run_time) VALUES ('killed', 'eventbridge-rule', "
                + "'RUNNING', now())");
        mee6.servePage(GUILD, 0, Mee6StandIn.fixture(404, "error-404-unknown-guild.json"));

        invoke("{\"syncId\": \"after-kill\"}").statusCode(500);

        assertThat(db.query("SELECT status, error LIKE '%Lambda timeout%', completed_at IS NOT NULL FROM sync_run "
                + "WHERE sync_id = 'killed'")).containsExactly(List.of("FAILED", true, true));
        assertThat(db.queryLong("SELECT consecutive_failures FROM sync_state")).isEqualTo(2);
        mee6.reset();
        board(Map.of(ALICE, 10L));
        invoke("{\"syncId\": \"killed\"}").statusCode(200).body("status", equalTo("COMPLETED"))
                .body("consecutiveFailures", equalTo(0));
    }

    @Test
    void aRunKilledBetweenBatchesResumesWithTheSameSyncIdAndProcessesEveryMemberOnce() {
        int members = 250; // three batches of 100 (%test.mee6.batch-size)
        db.insertMembers(500_000_000_000_000_000L, members);
        List<Player> players = Mee6StandIn.players(members, 500_000_000_000_000_000L, 1_000_000);
        mee6.serveBoard(GUILD, players, 100);
        invoke("{\"syncId\": \"base\"}").statusCode(200).body("membersInMee6", equalTo(members));

        mee6.reset();
        List<Player> grown = new ArrayList<>();
        for (Player player : players) {
            grown.add(new Player(player.id(), player.xp() + 150));
        }
        mee6.serveBoard(GUILD, grown, 100);
        // the second batch's write fails, as if the connection dropped after the first batch committed
        long poisoned = db.queryLong("SELECT id FROM member ORDER BY id OFFSET 150 LIMIT 1");
        db.execute("""
                CREATE FUNCTION test_fail_batch() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.member_id = %d AND NEW.sync_id = 'interrupted' THEN
                        RAISE EXCEPTION 'injected failure';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER test_fail_batch BEFORE INSERT ON discord_activity
                    FOR EACH ROW EXECUTE FUNCTION test_fail_batch();
                """.formatted(poisoned));
        try {
            invoke("{\"syncId\": \"interrupted\"}").statusCode(500)
                    .body("errorMessage", containsString("injected failure"));
        } finally {
            db.execute("DROP TRIGGER test_fail_batch ON discord_activity; DROP FUNCTION test_fail_batch();");
        }
        assertThat(db.queryLong("SELECT count(*) FROM discord_activity WHERE sync_id = 'interrupted'"))
                .as("the first batch committed whole").isEqualTo(100);
        assertThat(db.queryLong("SELECT count(*) FROM point_transaction WHERE sync_id = 'interrupted'")).isEqualTo(100);

        invoke("{\"syncId\": \"interrupted\"}").statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("membersAlreadySynced", equalTo(100))
                .body("membersInMee6", equalTo(150))
                .body("pointsAwarded", equalTo(150));
        assertThat(db.queryLong("SELECT count(*) FROM discord_activity WHERE sync_id = 'interrupted'"))
                .isEqualTo(members);
        assertThat(db.queryLong("SELECT count(*) FROM point_transaction WHERE sync_id = 'interrupted'"))
                .isEqualTo(members);
        assertThat(db.queryLong("SELECT sum(total_points) FROM member")).isEqualTo(members);
        assertThat(db.query("SELECT status, attempts FROM sync_run WHERE sync_id = 'interrupted'"))
                .containsExactly(List.of("COMPLETED", 2));
        assertSound();
    }

    @Test
    void twentyRunsOverRandomXpWalksConserveEveryMembersXp() {
        int members = 40;
        long firstId = 700_000_000_000_000_000L;
        db.insertMembers(firstId, members);
        Random random = new Random(2026_11_23L);
        Map<String, Long> xp = new LinkedHashMap<>();
        for (int i = 0; i < members; i++) {
            xp.put(String.valueOf(firstId + i), (long) random.nextInt(100_000));
        }
        for (int run = 0; run < 20; run++) {
            Map<String, Long> visible = new LinkedHashMap<>();
            for (Map.Entry<String, Long> member : xp.entrySet()) {
                long delta = switch (random.nextInt(6)) {
                    case 0 -> -random.nextInt(500);
                    case 1 -> 0;
                    default -> random.nextInt(1_200);
                };
                member.setValue(Math.max(0, member.getValue() + delta));
                if (random.nextInt(10) > 0) { // now and then a member is missing from the board
                    visible.put(member.getKey(), member.getValue());
                }
            }
            board(visible);
            invoke("{\"syncId\": \"walk-" + run + "\"}").statusCode(200).body("status", equalTo("COMPLETED"));
            assertThat(invariants.violations()).as("after run %d", run).isEmpty();
        }
        assertThat(db.queryLong("SELECT count(*) FROM discord_activity")).isEqualTo(20L * members);
    }

    @Test
    void aDisabledPointActionRecordsActivityButPaysNothing() {
        long alice = db.insertMember(ALICE);
        board(Map.of(ALICE, 1_000L));
        invoke("{\"syncId\": \"on\"}").statusCode(200);
        db.execute("UPDATE point_config SET enabled = false WHERE action = 'discord_activity'");
        board(Map.of(ALICE, 1_450L));
        invoke("{\"syncId\": \"off\"}").statusCode(200).body("status", equalTo("COMPLETED"))
                .body("pointsAwarded", equalTo(0));
        assertThat(activity(alice)).containsExactly(row(1_000L, null, 0, true, "on"),
                row(1_450L, 450L, 50, true, "off"));
        assertThat(db.queryLong("SELECT count(*) FROM point_transaction")).isZero();
    }

    @Test
    void aSyncOfTwoThousandMembersSendsAFewStatementsPerBatchNotPerMember() {
        int members = 2_000;
        long firstId = 800_000_000_000_000_000L;
        db.insertMembers(firstId, members);
        mee6.serveBoard(GUILD, Mee6StandIn.players(members, firstId, 5_000_000), 100);
        invoke("{\"syncId\": \"count-base\"}").statusCode(200);
        mee6.reset();
        List<Player> grown = new ArrayList<>();
        for (Player player : Mee6StandIn.players(members, firstId, 5_000_000)) {
            // one in seven loses XP: admins' removals, not a mass change (docs/ledger-rules.md, "Mass changes")
            grown.add(new Player(player.id(), player.xp() + (player.xp() % 7 == 0 ? -120 : 340)));
        }
        mee6.serveBoard(GUILD, grown, 100);

        db.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        db.execute("SELECT pg_stat_statements_reset()");
        invoke("{\"syncId\": \"count\"}").statusCode(200).body("membersInMee6", equalTo(members));
        long statements = db.queryLong("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements "
                + "WHERE query NOT ILIKE '%pg_stat_statements%'");
        int batches = members / 100;
        System.out.printf("A %d-member sync sent %d SQL statements (%d batches of 100)%n", members, statements,
                batches);
        // per batch: activity rows, point transactions, commit (and BEGIN); plus a constant for lock, state, run log
        assertThat(statements).isLessThanOrEqualTo(4L * batches + 30);
        assertSound();
    }

    @Test
    void malformedEventsAreRefusedClearlyAndNothingIsDone() {
        db.insertMember(ALICE);
        invoke("{\"syncId\": \"drop table; --\"}").statusCode(500)
                .body("errorType", containsString("InvalidEventException"))
                .body("errorMessage", containsString("syncId must be 1 to 128 letters"));
        invoke(scheduledEvent("yesterday")).statusCode(500)
                .body("errorMessage", containsString("The event's time is not an ISO-8601 instant: 'yesterday'"));
        assertThat(db.queryLong("SELECT count(*) FROM sync_run")).isZero();
        assertThat(db.queryLong("SELECT consecutive_failures FROM sync_state")).isZero();
    }

    // --- helpers -----------------------------------------------------------------------------------------------------

    static ValidatableResponse invoke(String event) {
        return MockEventServer.invoke(event);
    }

    static String scheduledEvent(String time) {
        return MockEventServer.scheduledEvent(time);
    }

    /** Serves a board with these members' XP (others may be added), after forgetting the previous one. */
    void board(Map<String, Long> xpByDiscordId) {
        mee6.reset();
        List<Player> players = new ArrayList<>();
        xpByDiscordId.forEach((id, xp) -> players.add(new Player(id, xp)));
        mee6.serveBoard(GUILD, players, 100);
    }

    List<List<Object>> activity(long memberId) {
        return db.query("SELECT xp_total, xp_delta, leftover_xp, in_leaderboard, sync_id FROM discord_activity "
                + "WHERE member_id = ? ORDER BY id", memberId);
    }

    static List<Object> row(Long xpTotal, Long xpDelta, int leftover, boolean inLeaderboard, String syncId) {
        List<Object> row = new ArrayList<>();
        row.add(xpTotal);
        row.add(xpDelta);
        row.add(leftover);
        row.add(inLeaderboard);
        row.add(syncId);
        return row;
    }

    void assertSound() {
        assertThat(invariants.violations()).isEmpty();
    }
}
