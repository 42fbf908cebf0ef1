package dev.mee6sync.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.TestDatabase;
import dev.mee6sync.testing.TestLedger;
import dev.mee6sync.testing.TestLedger.Award;
import dev.mee6sync.testing.TestLedger.Request;
import io.quarkus.test.junit.QuarkusTest;

/** The ledger's rules and invariants against a real PostgreSQL: the rate, the rules and the batch writer of a sync. */
@QuarkusTest
class LedgerTest {

    @Inject
    TestLedger points;

    @Inject
    TestDatabase db;

    long member;

    @BeforeEach
    void reset() {
        db.reset();
        member = db.insertMember("401234567890123456");
    }

    @Test
    void plus150AwardsOneUnitAndCarries50() {
        Award award = points.award(member, 150, "s1");
        assertThat(award.written()).isTrue();
        assertThat(award.points()).isEqualTo(1);
        assertThat(award.leftoverXp()).isEqualTo(50);
        assertThat(award.outcome()).isEqualTo(AwardDecision.Outcome.AWARD);
        assertThat(balance()).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM member WHERE id = ? AND last_active_at IS NOT NULL", member))
                .isEqualTo(1);
        assertThat(db.query("SELECT metadata::text FROM point_transaction").get(0).get(0).toString())
                .contains("\"units\": 1", "\"xpDelta\": 150", "\"leftoverXp\": 50");
    }

    /** docs/ledger-rules.md, "Weekday streaks": a tick's run writes when its points were earned, within a bound. */
    @Test
    void theEarningTimeIsWrittenWithTheRowOnlyWithinItsBoundOfTheDatabaseClock() {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        points.award(List.of(new Request(member, 150, 0)), "tick", hourAgo);
        points.award(List.of(new Request(member, 150, 0)), "manual", null);
        points.award(List.of(new Request(member, 150, 0)), "two-days-late", Instant.now().minus(Duration.ofDays(2)));
        points.award(List.of(new Request(member, 150, 0)), "ahead", Instant.now().plus(Duration.ofMinutes(10)));
        assertThat(db.query("SELECT sync_id, to_char(activity_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                + "FROM point_transaction ORDER BY id")).containsExactly(List.of("tick", hourAgo.toString()),
                Arrays.asList("manual", null), Arrays.asList("two-days-late", null), Arrays.asList("ahead", null));
        assertThat(balance()).isEqualTo(4);
    }

    @Test
    void plus50ThenMinus50NetsNothing() {
        Award gain = points.award(List.of(new Request(member, 50, 0)), "s1").get(0);
        Award loss = points.award(List.of(new Request(member, -50, gain.leftoverXp())), "s2").get(0);
        assertThat(gain.written()).isFalse();
        assertThat(gain.outcome()).isEqualTo(AwardDecision.Outcome.CARRY);
        assertThat(loss.written()).isFalse();
        assertThat(loss.leftoverXp()).isZero();
        assertThat(transactions()).isZero();
        assertThat(balance()).isZero();
    }

    @Test
    void minus250DeductsTwoUnitsAndCarriesMinus50() {
        Award award = points.award(member, -250, "s1");
        assertThat(award.written()).isTrue();
        assertThat(award.points()).isEqualTo(-2);
        assertThat(award.leftoverXp()).isEqualTo(-50);
        assertThat(award.outcome()).isEqualTo(AwardDecision.Outcome.DEDUCT);
        assertThat(balance()).isEqualTo(-2); // the one path to a negative balance
        assertThat(db.queryLong("SELECT count(*) FROM member WHERE id = ? AND last_active_at IS NULL", member))
                .as("a deduction is not activity").isEqualTo(1);
    }

    @Test
    void plus250ThenMinus60AwardsTwoUnitsAndCarriesMinus10() {
        Award first = points.award(member, 250, "s1");
        Award second = points.award(List.of(new Request(member, -60, first.leftoverXp())), "s2").get(0);
        assertThat(first.points() + second.points()).isEqualTo(2);
        assertThat(second.written()).isFalse();
        assertThat(second.leftoverXp()).isEqualTo(-10);
        assertThat(balance()).isEqualTo(2);
    }

    @Test
    void theRateComesFromPointConfig() {
        db.execute("UPDATE point_config SET points = 5 WHERE action = 'discord_activity'");
        Award award = points.award(member, 320, "s1");
        assertThat(award.points()).isEqualTo(15);
        assertThat(award.decision().conversion().units()).isEqualTo(3);
        assertThat(balance()).isEqualTo(15);
    }

    @Test
    void aDisabledActionAwardsNothingAndSaysWhy() {
        db.execute("UPDATE point_config SET enabled = false WHERE action = 'discord_activity'");
        Award award = points.award(member, 350, "s1");
        assertThat(award.written()).isFalse();
        assertThat(award.points()).isZero();
        assertThat(award.leftoverXp()).as("units forfeited, the rest carries").isEqualTo(50);
        assertThat(award.outcome()).isEqualTo(AwardDecision.Outcome.DISABLED);
        assertThat(transactions()).isZero();
    }

    @Test
    void replayingASyncIdTenTimesChangesNothing() {
        Award first = points.award(member, 420, "replayed");
        for (int i = 0; i < 10; i++) {
            Award again = points.award(member, 420, "replayed");
            assertThat(again.written()).isFalse();
            assertThat(again.outcome()).as("the same decision, not written again")
                    .isEqualTo(AwardDecision.Outcome.AWARD);
        }
        assertThat(first.points()).isEqualTo(4);
        assertThat(transactions()).isEqualTo(1);
        assertThat(balance()).isEqualTo(4);
    }

    @Test
    void eightThreadsAwardingOneSyncIdWriteOneTransaction() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Award>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Callable<Award> award = () -> {
                start.await();
                return points.award(member, 700, "raced");
            };
            results.add(pool.submit(award));
        }
        start.countDown();
        int awarded = 0;
        for (Future<Award> result : results) {
            awarded += result.get().written() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(awarded).isEqualTo(1);
        assertThat(transactions()).isEqualTo(1);
        assertThat(balance()).isEqualTo(7);
        assertThat(db.balanceMismatches()).isEmpty();
    }

    @Test
    void theBatchAppliesTheSameRulesToManyMembersAndReplaysIdempotently() {
        db.insertMembers(500_000_000_000_000_000L, 1_000);
        List<Long> ids = db.query("SELECT id FROM member WHERE id <> ? ORDER BY id", member).stream()
                .map(row -> (Long) row.get(0)).toList();
        List<Request> requests = new ArrayList<>();
        Random random = new Random(7);
        for (long id : ids) {
            requests.add(new Request(id, random.nextInt(1_000) - 300, random.nextInt(199) - 99));
        }
        List<Award> awards = points.award(requests, "batch-1");
        for (int i = 0; i < requests.size(); i++) {
            XpConversion.Conversion single = expected(requests.get(i));
            assertThat(awards.get(i).points()).isEqualTo((int) single.units());
            assertThat(awards.get(i).leftoverXp()).isEqualTo(single.leftoverXp());
        }
        long written = transactions();
        List<Award> replay = points.award(requests, "batch-1");
        assertThat(replay).noneMatch(Award::written);
        assertThat(transactions()).isEqualTo(written);
        assertThat(db.balanceMismatches()).isEmpty();
    }

    /**
     * Random XP walks through the service and the database: whatever the gains and drops, the points written plus
     * the carried XP account for exactly the XP moved since the baseline, and balances equal the ledger.
     */
    @Test
    void conservationHoldsThroughTheLedgerOverRandomWalks() {
        db.execute("UPDATE point_config SET points = 3 WHERE action = 'discord_activity'");
        Random random = new Random(42);
        for (int walk = 0; walk < 20; walk++) {
            long walker = db.insertMember(String.valueOf(600_000_000_000_000_000L + walk));
            long xp = 10_000;
            long baseline = xp;
            int leftover = 0;
            for (int step = 0; step < 15; step++) {
                long delta = random.nextBoolean() ? random.nextInt(900) : -random.nextInt(300);
                xp += delta;
                leftover = points.award(List.of(new Request(walker, delta, leftover)),
                        "walk-" + walk + "-" + step).get(0).leftoverXp();
                long pointsWritten = db.queryLong(
                        "SELECT coalesce(sum(points), 0) FROM point_transaction WHERE member_id = ?", walker);
                assertThat(pointsWritten / 3 * 100 + leftover).as("walk %d step %d", walk, step)
                        .isEqualTo(xp - baseline);
                assertThat(Math.abs(leftover)).isLessThan(100);
            }
        }
        assertThat(db.balanceMismatches()).isEmpty();
    }

    private static XpConversion.Conversion expected(Request request) {
        return XpConversion.convert(request.xpDelta(), request.leftoverXp());
    }

    private long balance() {
        return db.queryLong("SELECT total_points FROM member WHERE id = ?", member);
    }

    private long transactions() {
        return db.queryLong("SELECT count(*) FROM point_transaction");
    }
}
