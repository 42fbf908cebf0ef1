package dev.mee6sync.streak;

import static dev.mee6sync.testing.MockEventServer.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.job.RunRequest;
import dev.mee6sync.job.RunStatus;
import dev.mee6sync.job.RunIds;
import dev.mee6sync.job.Triggers;
import dev.mee6sync.testing.Jobs;
import dev.mee6sync.testing.LedgerInvariants;
import dev.mee6sync.testing.LogCapture;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The weekday-streak job as its schedule fires it (00:05 UTC every day): each weekday counted exactly once, weekends
 * neutral, missed days caught up in order, a day's points counted on the day they were earned and a day evaluated
 * only once the sync covered it (docs/ledger-rules.md, "Weekday streaks"); then a property test against a model over
 * random eight-week calendars. Fixed calendars run on the job runner ({@link Jobs}: an event's time must be near
 * now), with the sync's completed runs and the ledger's rows written as the sync writes them; the sync's side of the
 * rule runs end to end through the Lambda with times near now.
 */
@QuarkusTest
class StreakJobTest {

    /** Monday 23 November 2026. */
    static final LocalDate MONDAY = LocalDate.parse("2026-11-23");
    /** A tick of the sync after every day of the calendars below: no day waits for the sync unless a test says so. */
    static final Instant SYNCED = Instant.parse("2027-02-01T00:00:00Z");
    static final String ALICE = "401234567890123456";
    static final String BOB = "387654321098765432";

    @Inject
    TestDatabase db;

    @Inject
    Jobs jobs;

    @Inject
    LedgerInvariants invariants;

    long alice;
    long bob;
    long unlinked;

    @BeforeEach
    void members() {
        db.reset();
        alice = db.insertMember(ALICE);
        bob = db.insertMember(BOB);
        unlinked = db.queryLong("INSERT INTO member (discord_username) VALUES ('not linked') RETURNING id");
        db.execute("DROP TRIGGER IF EXISTS test_fail_day ON streak_day; DROP FUNCTION IF EXISTS test_fail_day();");
        syncCompleted(SYNCED);
    }

    @Test
    void tuesdaysRunEvaluatesMondayAndAReplayChangesNothing() {
        active(alice, MONDAY);
        active(unlinked, MONDAY);
        StreakStats tuesday = runAt(MONDAY.plusDays(1));
        assertThat(tuesday.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(tuesday.runId()).isEqualTo("streaks-scheduled-2026-11-24T00:05:00Z");
        assertThat(tuesday.daysEvaluated()).containsExactly(MONDAY);
        assertThat(tuesday.daysWaiting()).isEmpty();
        assertThat(tuesday.membersProcessed()).isEqualTo(2);
        assertThat(tuesday.streaksIncremented()).isEqualTo(1);
        assertThat(tuesday.streaksReset()).isZero();
        assertThat(streaks()).containsExactly(List.of(alice, 1, 1), List.of(bob, 0, 0), List.of(unlinked, 0, 0));

        StreakStats replay = runAt(MONDAY.plusDays(1));
        assertThat(replay.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(replay.message()).contains("already completed");
        StreakStats byHand = jobs.streaks(new RunRequest(StreakJob.NAME, "by-hand", Triggers.MANUAL,
                Instant.parse("2026-11-24T09:00:00Z"), Map.of()));
        assertThat(byHand.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(byHand.daysEvaluated()).isEmpty();
        assertThat(streaks()).containsExactly(List.of(alice, 1, 1), List.of(bob, 0, 0), List.of(unlinked, 0, 0));
        assertThat(db.query("SELECT sync_id, run_time = ? FROM sync_run WHERE job = 'streaks' ORDER BY sync_id",
                at(MONDAY.plusDays(1), 0).plusMinutes(5))).containsExactly(List.of("by-hand", false),
                        List.of("streaks-scheduled-2026-11-24T00:05:00Z", true));
    }

    @Test
    void aMissedThursdayAndFridayAreCaughtUpBySaturdaysRunEachOnce() {
        for (int day = 0; day < 5; day++) {
            active(alice, MONDAY.plusDays(day));
        }
        active(bob, MONDAY.plusDays(4)); // Friday only
        runAt(MONDAY.plusDays(1)); // Tuesday: Monday
        runAt(MONDAY.plusDays(2)); // Wednesday: Tuesday
        runAt(MONDAY.plusDays(3)); // Thursday: Wednesday; Friday's run never happens
        StreakStats saturday = runAt(MONDAY.plusDays(5));
        assertThat(saturday.daysEvaluated()).containsExactly(MONDAY.plusDays(3), MONDAY.plusDays(4));
        assertThat(saturday.streaksIncremented()).isEqualTo(3); // Alice twice, Bob on Friday
        assertThat(streaks()).containsExactly(List.of(alice, 5, 5), List.of(bob, 1, 1), List.of(unlinked, 0, 0));
        assertThat(db.queryLong("SELECT count(*) FROM streak_day")).isEqualTo(5);
    }

    @Test
    void theWeekendNeitherBreaksNorExtendsAStreak() {
        active(alice, MONDAY.plusDays(4)); // Friday
        active(alice, MONDAY.plusDays(5)); // Saturday: not a weekday, not counted
        active(alice, MONDAY.plusDays(7)); // the next Monday
        runAt(MONDAY.plusDays(4)); // Friday's run: Thursday (the first run: only the last weekday)
        assertThat(runAt(MONDAY.plusDays(5)).daysEvaluated()).containsExactly(MONDAY.plusDays(4)); // Saturday: Friday
        assertThat(runAt(MONDAY.plusDays(6)).daysEvaluated()).isEmpty(); // Sunday: nothing
        assertThat(runAt(MONDAY.plusDays(7)).daysEvaluated()).isEmpty(); // Monday: nothing (weekends are not evaluated)
        assertThat(runAt(MONDAY.plusDays(8)).daysEvaluated()).containsExactly(MONDAY.plusDays(7)); // Tuesday: Monday
        assertThat(streak(alice)).containsExactly(2, 2);
    }

    @Test
    void anInactiveMondayResetsTheStreakAndKeepsTheLongest() {
        for (int day = 2; day < 5; day++) {
            active(alice, MONDAY.plusDays(day)); // Wednesday to Friday
        }
        runAt(MONDAY.plusDays(2)); // Wednesday's run: Tuesday (inactive)
        runAt(MONDAY.plusDays(5)); // Saturday: Wednesday to Friday
        assertThat(streak(alice)).containsExactly(3, 3);
        assertThat(runAt(MONDAY.plusDays(8)).streaksReset()).isEqualTo(1); // Tuesday: Monday, inactive
        assertThat(streak(alice)).containsExactly(0, 3);
    }

    @Test
    void aDeductionIsNotActivity() {
        db.execute("INSERT INTO point_transaction (member_id, action, points, created_at) VALUES (?, "
                + "'discord_activity', -3, ?)", alice, at(MONDAY, 12));
        assertThat(runAt(MONDAY.plusDays(1)).streaksIncremented()).isZero();
        assertThat(streak(alice)).containsExactly(0, 0);
    }

    /** The origin project's bug: its Saturday, Sunday and Monday runs each counted the same Friday. */
    @Test
    void oneFridayOfActivityCountsOnceWhateverRunsFollow() {
        active(alice, MONDAY.plusDays(4));
        runAt(MONDAY.plusDays(4));
        runAt(MONDAY.plusDays(5));
        runAt(MONDAY.plusDays(6));
        runAt(MONDAY.plusDays(7));
        assertThat(streak(alice)).containsExactly(1, 1);
    }

    @Test
    void twoRunsAtOnceEvaluateEachDayOnce() throws Exception {
        for (int day = 0; day < 4; day++) {
            active(alice, MONDAY.plusDays(day));
        }
        runAt(MONDAY.plusDays(1)); // the first run: Monday
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<StreakStats>> runs = new ArrayList<>();
        for (String syncId : List.of("racer-a", "racer-b")) {
            runs.add(pool.submit(() -> {
                go.await();
                return jobs.streaks(new RunRequest(StreakJob.NAME, syncId, "test",
                        MONDAY.plusDays(4).atTime(0, 5).toInstant(ZoneOffset.UTC), Map.of()));
            }));
        }
        go.countDown();
        List<LocalDate> evaluated = new ArrayList<>();
        for (Future<StreakStats> run : runs) {
            StreakStats stats = run.get(30, TimeUnit.SECONDS);
            assertThat(stats.status()).isIn(RunStatus.COMPLETED, RunStatus.SKIPPED);
            evaluated.addAll(stats.daysEvaluated());
        }
        pool.shutdown();
        assertThat(evaluated).containsExactly(MONDAY.plusDays(1), MONDAY.plusDays(2), MONDAY.plusDays(3));
        assertThat(streak(alice)).containsExactly(4, 4);
    }

    @Test
    void aRunFailingAfterItsFirstDayResumesAtTheSecond() {
        for (int day = 0; day < 5; day++) {
            active(alice, MONDAY.plusDays(day));
        }
        runAt(MONDAY.plusDays(1)); // Monday
        db.execute("""
                CREATE FUNCTION test_fail_day() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'injected failure on %', NEW.day; END $$;
                CREATE TRIGGER test_fail_day BEFORE INSERT ON streak_day FOR EACH ROW
                    WHEN (NEW.day = DATE '2026-11-25') EXECUTE FUNCTION test_fail_day();
                """);
        try {
            StreakStats friday = runAt(MONDAY.plusDays(4)); // Friday: Tuesday, then Wednesday fails
            assertThat(friday.status()).isEqualTo(RunStatus.FAILED);
            assertThat(friday.message()).contains("injected failure on 2026-11-25");
            assertThat(friday.daysEvaluated()).containsExactly(MONDAY.plusDays(1));
        } finally {
            db.execute("DROP TRIGGER test_fail_day ON streak_day; DROP FUNCTION test_fail_day();");
        }
        assertThat(streak(alice)).as("Tuesday counted, Wednesday not").containsExactly(2, 2);
        assertThat(db.query("SELECT stats -> 'daysEvaluated', stats ->> 'errors' FROM sync_run "
                + "WHERE sync_id = 'streaks-scheduled-2026-11-27T00:05:00Z'").get(0).get(1)).isEqualTo("2");
        assertThat(db.queryLong("SELECT consecutive_failures FROM sync_state WHERE job = 'streaks'")).isEqualTo(1);

        assertThat(runAt(MONDAY.plusDays(4)).daysEvaluated()).containsExactly(MONDAY.plusDays(2), MONDAY.plusDays(3));
        assertThat(streak(alice)).containsExactly(4, 4);
        assertThat(db.queryLong("SELECT consecutive_failures FROM sync_state WHERE job = 'streaks'")).isZero();
    }

    /** The Saturday 00:00 tick pays the XP of Friday 23:00-24:00, which counts for Friday. */
    @Test
    void theSaturdayMidnightTickPaysFridaysLastHourAndFridayCounts() {
        for (int day = 0; day < 4; day++) {
            active(alice, MONDAY.plusDays(day));
            active(bob, MONDAY.plusDays(day));
        }
        LocalDate friday = MONDAY.plusDays(4);
        Instant saturday = time(friday.plusDays(1));
        paidByTick(alice, saturday, saturday.plusSeconds(20)); // written 20 s after its tick, earned before it
        // an admin's award at the same moment is no tick's: it counts on the day it was written, a Saturday
        db.execute("INSERT INTO point_transaction (member_id, action, points, created_at) VALUES (?, 'quest', 5, ?)",
                bob, utc(saturday.plusSeconds(20)));
        for (int day = 1; day <= 4; day++) {
            runAt(MONDAY.plusDays(day)); // Tuesday's run: Monday ... Friday's run: Thursday
        }
        assertThat(streaks()).containsExactly(List.of(alice, 4, 4), List.of(bob, 4, 4), List.of(unlinked, 0, 0));
        StreakStats night = runAt(friday.plusDays(1));
        assertThat(night.daysEvaluated()).containsExactly(friday);
        assertThat(streaks()).containsExactly(List.of(alice, 5, 5), List.of(bob, 0, 4), List.of(unlinked, 0, 0));
    }

    @Test
    void aWeekdayWaitsForTheSyncRunOfTheNextMidnightAndIsCaughtUpOnce() {
        noSyncCompleted();
        LocalDate thursday = MONDAY.plusDays(3);
        LocalDate friday = MONDAY.plusDays(4);
        Instant saturday = time(friday.plusDays(1));
        active(alice, thursday);
        syncCompleted(time(friday)); // the Friday 00:00 tick
        assertThat(runAt(friday).daysEvaluated()).containsExactly(thursday); // the job's first run
        syncCompleted(saturday.minusSeconds(3600)); // Friday 23:00; then MEE6 is down at 00:00
        try (LogCapture log = LogCapture.start()) {
            StreakStats night = runAt(friday.plusDays(1));
            assertThat(night.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(night.daysEvaluated()).isEmpty();
            assertThat(night.daysWaiting()).containsExactly(friday);
            assertThat(night.errors()).isZero();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("INFO")
                    .contains("[2026-11-27] wait for the MEE6 sync", "2026-11-27T23:00:00Z"));
        }
        assertThat(streak(alice)).containsExactly(1, 1);
        assertThat(db.queryLong("SELECT count(*) FROM streak_day WHERE day = ?", friday)).isZero();

        // the 00:00 tick's run is retried at 09:00 and completes: it pays what was earned before its tick
        paidByTick(alice, saturday, saturday.plusSeconds(9 * 3600));
        syncCompleted(saturday);
        StreakStats sunday = runAt(friday.plusDays(2));
        assertThat(sunday.daysEvaluated()).containsExactly(friday);
        assertThat(sunday.daysWaiting()).isEmpty();
        assertThat(streak(alice)).containsExactly(2, 2);
        assertThat(runAt(friday.plusDays(2)).status()).isEqualTo(RunStatus.SKIPPED);
        StreakStats byHand = run(friday.plusDays(2).atTime(10, 0).toInstant(ZoneOffset.UTC));
        assertThat(byHand.daysEvaluated()).isEmpty();
        assertThat(byHand.daysWaiting()).isEmpty();
        assertThat(runAt(friday.plusDays(3)).daysEvaluated()).isEmpty(); // Monday: the weekend is not evaluated

        StreakStats tuesday = runAt(friday.plusDays(4)); // the sync has completed nothing since Saturday 00:00
        assertThat(tuesday.daysEvaluated()).isEmpty();
        assertThat(tuesday.daysWaiting()).containsExactly(friday.plusDays(3));
        assertThat(streak(alice)).containsExactly(2, 2);
        assertThat(db.queryLong("SELECT count(*) FROM streak_day")).isEqualTo(2);
    }

    @Test
    void theDayTheJobsFirstRunLeftWaitingIsCaughtUpByALaterRun() {
        noSyncCompleted();
        active(alice, MONDAY);
        active(alice, MONDAY.plusDays(1));
        StreakStats first = runAt(MONDAY.plusDays(1)); // no sync run has completed yet
        assertThat(first.daysEvaluated()).isEmpty();
        assertThat(first.daysWaiting()).containsExactly(MONDAY);
        syncCompleted(time(MONDAY.plusDays(1))); // the Tuesday 00:00 tick
        StreakStats wednesday = runAt(MONDAY.plusDays(2));
        assertThat(wednesday.daysEvaluated()).containsExactly(MONDAY);
        assertThat(wednesday.daysWaiting()).containsExactly(MONDAY.plusDays(1));
        assertThat(streak(alice)).containsExactly(1, 1);
    }

    /**
     * The sync's side, end to end with times near now: yesterday's 23:00 tick and today's 00:00 tick pay Alice, the
     * streak job waits for the 00:00 tick's run before it evaluates yesterday, and counts its points for yesterday.
     * (On a Sunday or a Monday yesterday is a weekend day: the weekday due is the Friday before, covered already.)
     */
    @Test
    void theMidnightTickPaysTheLastHourOfYesterdayThroughTheLambda() {
        noSyncCompleted();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate yesterday = today.minusDays(1);
        Instant midnight = time(today);
        Instant lastHour = midnight.minusSeconds(3600);
        Instant streaksTick = midnight.plusSeconds(300);
        // Alice's reading by an earlier run, as the sync writes it; three weekdays of streak so far
        db.execute("INSERT INTO discord_activity (member_id, discord_id, guild_id, xp_total, leftover_xp, "
                + "in_leaderboard, observed_xp, provenance_since, sync_id, synced_at) VALUES (?, ?, ?, 10000, 0, true, "
                + "10000, ?, 'earlier', ?)", alice, ALICE, Mee6StandIn.GUILD_ID, utc(lastHour.minusSeconds(3600)),
                utc(lastHour.minusSeconds(3600)));
        db.execute("UPDATE member SET current_streak = 3, longest_streak = 3 WHERE id = ?", alice);
        boolean weekday = WeekdayCalendar.isWeekday(yesterday);

        serve(10_250);
        invoke("{\"scheduledTime\": \"" + lastHour + "\"}").statusCode(200).body("status", equalTo("COMPLETED"))
                .body("pointsAwarded", equalTo(2));
        StreakStats night = streaksEvent("{\"job\": \"streaks\", \"scheduledTime\": \"" + streaksTick + "\"}");
        if (weekday) { // yesterday's 23:00 tick does not cover its last hour
            assertThat(night.daysEvaluated()).isEmpty();
            assertThat(night.daysWaiting()).containsExactly(yesterday);
            assertThat(streak(alice)).containsExactly(3, 3);
        } else {
            assertThat(night.daysEvaluated()).containsExactly(WeekdayCalendar.lastWeekdayBefore(today));
            assertThat(streak(alice)).containsExactly(0, 3);
        }

        serve(10_400);
        invoke("{\"scheduledTime\": \"" + midnight + "\"}").statusCode(200).body("status", equalTo("COMPLETED"))
                .body("pointsAwarded", equalTo(2));
        StreakStats later = streaksEvent("{\"job\": \"streaks\", \"syncId\": \"streaks-again\", "
                + "\"scheduledTime\": \"" + streaksTick + "\"}");
        assertThat(later.daysWaiting()).isEmpty();
        if (weekday) {
            assertThat(later.daysEvaluated()).containsExactly(yesterday);
            assertThat(streak(alice)).containsExactly(4, 4);
        } else {
            assertThat(later.daysEvaluated()).isEmpty();
        }

        serve(10_500); // a run without a tick: its points count on the day they are written
        invoke("{\"syncId\": \"by-hand\"}").statusCode(200).body("pointsAwarded", equalTo(1));
        assertThat(db.query("SELECT sync_id, points, activity_at = ?, activity_at = ?, activity_at IS NULL "
                + "FROM point_transaction ORDER BY id", utc(lastHour.minusSeconds(1)), utc(midnight.minusSeconds(1))))
                .containsExactly(List.of("scheduled-" + lastHour, 2, true, false, false),
                        List.of("scheduled-" + midnight, 2, false, true, false),
                        java.util.Arrays.asList("by-hand", 1, null, null, true));
        assertThat(db.query("SELECT sync_id, run_time = ?, run_time = ?, "
                + "run_time BETWEEN started_at - interval '1 minute' AND started_at FROM sync_run "
                + "WHERE job = 'mee6' ORDER BY run_time", utc(lastHour), utc(midnight)))
                .containsExactly(List.of("scheduled-" + lastHour, true, false, false),
                        List.of("scheduled-" + midnight, false, true, false), List.of("by-hand", false, false, true));
        assertThat(invariants.violations()).isEmpty();
    }

    /**
     * Random eight-week calendars of activity (positive and negative transactions, points of a midnight tick earned
     * the day before, other points written just after midnight, weekends included), random progress of the sync (on
     * time, an hour short, stalled) and random runs (skipped days, replays, runs by hand): after every run each
     * member's streaks, and the days evaluated and waiting, equal a model that evaluates every weekday once, in order,
     * once the sync has covered it.
     */
    @Test
    void randomEightWeekCalendarsMatchAModel() {
        long seed = Long.getLong("streaks.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int calendar = 0; calendar < 6; calendar++) {
            members();
            noSyncCompleted(); // the model decides what the sync covered
            List<Long> ids = List.of(alice, bob);
            Map<Long, Set<LocalDate>> activeDays = new HashMap<>();
            for (long id : ids) {
                activeDays.put(id, new HashSet<>());
                for (int day = 0; day < 56; day++) {
                    LocalDate date = MONDAY.plusDays(day);
                    Instant nextMidnight = time(date.plusDays(1));
                    int dice = random.nextInt(10);
                    if (dice < 5) {
                        active(id, date);
                        activeDays.get(id).add(date);
                    } else if (dice == 5) { // the next 00:00 tick pays it: earned this day
                        paidByTick(id, nextMidnight, nextMidnight.plusSeconds(30));
                        activeDays.get(id).add(date);
                    } else if (dice == 6) { // written just after midnight by no tick: the next day's
                        db.execute("INSERT INTO point_transaction (member_id, action, points, created_at) VALUES (?, "
                                + "'quest', 1, ?)", id, utc(nextMidnight.plusSeconds(30)));
                        activeDays.get(id).add(date.plusDays(1));
                    } else if (dice == 7) {
                        db.execute("INSERT INTO point_transaction (member_id, action, points, created_at) VALUES (?, "
                                + "'discord_activity', -2, ?)", id, at(date, 3));
                    }
                }
            }
            Model model = new Model(activeDays);
            Instant synced = null;
            for (int day = random.nextInt(3); day < 60; day++) {
                LocalDate date = MONDAY.plusDays(day);
                int sync = random.nextInt(10); // what the sync completed before tonight's run
                Instant tick = sync < 6 ? time(date) : sync < 8 ? time(date).minusSeconds(3600) : null;
                if (tick != null && (synced == null || tick.isAfter(synced))) {
                    syncCompleted(tick);
                    synced = tick;
                }
                int dice = random.nextInt(10);
                if (dice < 2) {
                    continue; // this day's run never came
                }
                StreakStats stats = runAt(date);
                Model.Night expected = model.runOn(date, synced);
                String what = String.format("seed %d, calendar %d, run on %s", seed, calendar, date);
                assertThat(stats.status()).as(what).isEqualTo(RunStatus.COMPLETED);
                assertThat(stats.daysEvaluated()).as(what).isEqualTo(expected.evaluated());
                assertThat(stats.daysWaiting()).as(what).isEqualTo(expected.waiting());
                if (dice == 2) {
                    assertThat(runAt(date).status()).as(what).isEqualTo(RunStatus.SKIPPED); // delivered twice
                }
                if (dice == 3) { // by hand, later that day: nothing left but what still waits
                    StreakStats byHand = run(date.atTime(15, 0).toInstant(ZoneOffset.UTC));
                    assertThat(byHand.daysEvaluated()).as(what).isEmpty();
                    assertThat(byHand.daysWaiting()).as(what).isEqualTo(expected.waiting());
                }
                for (long id : ids) {
                    assertThat(streak(id)).as("%s, member %d", what, id)
                            .containsExactly(model.current.get(id), model.longest.get(id));
                }
            }
        }
    }

    /**
     * Every weekday once, in order, from the last weekday before the first run, each once the sync has completed a
     * run of a tick at or after its end.
     */
    static final class Model {
        final Map<Long, Set<LocalDate>> activeDays;
        final Map<Long, Integer> current = new HashMap<>();
        final Map<Long, Integer> longest = new HashMap<>();
        LocalDate firstRun;
        LocalDate last;

        /** What one night evaluated, and what waits. */
        record Night(List<LocalDate> evaluated, List<LocalDate> waiting) {
        }

        Model(Map<Long, Set<LocalDate>> activeDays) {
            this.activeDays = activeDays;
            activeDays.keySet().forEach(id -> {
                current.put(id, 0);
                longest.put(id, 0);
            });
        }

        Night runOn(LocalDate today, Instant synced) {
            if (firstRun == null) {
                firstRun = today;
            }
            LocalDate day = last != null ? last.plusDays(1) : weekdayBefore(firstRun);
            List<LocalDate> evaluated = new ArrayList<>();
            List<LocalDate> waiting = new ArrayList<>();
            for (; day.isBefore(today); day = day.plusDays(1)) {
                if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                    continue;
                }
                if (!waiting.isEmpty() || synced == null || synced.isBefore(time(day.plusDays(1)))) {
                    waiting.add(day);
                } else {
                    evaluate(day);
                    evaluated.add(day);
                }
            }
            return new Night(evaluated, waiting);
        }

        private static LocalDate weekdayBefore(LocalDate today) {
            LocalDate day = today.minusDays(1);
            while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                day = day.minusDays(1);
            }
            return day;
        }

        private void evaluate(LocalDate day) {
            for (long id : activeDays.keySet()) {
                int streak = activeDays.get(id).contains(day) ? current.get(id) + 1 : 0;
                current.put(id, streak);
                longest.put(id, Math.max(longest.get(id), streak));
            }
            last = day;
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------------

    /** The scheduled run of that day, 00:05 UTC, on the job runner. */
    StreakStats runAt(LocalDate day) {
        return run(day.atTime(0, 5).toInstant(ZoneOffset.UTC));
    }

    /** A run of the streak job's schedule at {@code tick}, as the Lambda handler makes it of the event. */
    StreakStats run(Instant tick) {
        return jobs.streaks(new RunRequest(StreakJob.NAME, RunIds.scheduled("streaks-", tick),
                Triggers.EVENTBRIDGE_SCHEDULER, tick, Map.of()));
    }

    /** Through the Lambda: the event's run, read back from its {@code sync_run} row. */
    StreakStats streaksEvent(String event) {
        String syncId = invoke(event).statusCode(200).body("status", equalTo("COMPLETED")).extract().path("syncId");
        List<Object> row = db.query("SELECT stats -> 'daysEvaluated', stats -> 'daysWaiting' FROM sync_run "
                + "WHERE sync_id = ?", syncId).get(0);
        return new StreakStats(syncId, null, RunStatus.COMPLETED, null, days(row.get(0)), days(row.get(1)), 0, 0, 0,
                0, null, null, 0, null);
    }

    private static List<LocalDate> days(Object json) {
        String list = String.valueOf(json).replaceAll("[\\[\\]\" ]", "");
        return list.isEmpty() ? List.of() : java.util.Arrays.stream(list.split(",")).map(LocalDate::parse).toList();
    }

    /** The sync completed a run of this tick (as the job runner records it): it covers each day ended by then. */
    void syncCompleted(Instant tick) {
        db.execute("INSERT INTO sync_run (sync_id, job, trigger, status, run_time, completed_at) VALUES (?, 'mee6', "
                + "'eventbridge-scheduler', 'COMPLETED', ?, now())", "scheduled-" + tick, utc(tick));
    }

    void noSyncCompleted() {
        db.execute("DELETE FROM sync_run WHERE job = 'mee6'");
    }

    /** A point the sync's run of {@code tick} pays, written at {@code written}: earned 1 s before its tick. */
    void paidByTick(long member, Instant tick, Instant written) {
        db.execute("INSERT INTO point_transaction (member_id, action, points, sync_id, created_at, activity_at) "
                + "VALUES (?, 'discord_activity', 1, ?, ?, ?)", member, "scheduled-" + tick, utc(written),
                utc(tick.minusSeconds(1)));
    }

    void active(long member, LocalDate day) {
        db.execute("INSERT INTO point_transaction (member_id, action, points, created_at) VALUES (?, 'quest', 2, ?)",
                member, at(day, 18));
    }

    void serve(long aliceXp) {
        Mee6StandIn mee6 = Mee6StandIn.get();
        mee6.reset();
        mee6.serveBoard(Mee6StandIn.GUILD_ID, List.of(new Player(ALICE, aliceXp)), 100);
    }

    static java.time.OffsetDateTime at(LocalDate day, int hour) {
        return day.atTime(hour, 0).atOffset(ZoneOffset.UTC);
    }

    static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    List<List<Object>> streaks() {
        return db.query("SELECT id, current_streak, longest_streak FROM member ORDER BY id");
    }

    List<Object> streak(long member) {
        return db.query("SELECT current_streak, longest_streak FROM member WHERE id = ?", member).get(0);
    }

    static Instant time(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
