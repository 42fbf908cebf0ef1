package dev.mee6sync.streak;

import static dev.mee6sync.testing.MockEventServer.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
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
import dev.mee6sync.testing.Jobs;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The weekday-streak job through the Lambda event API, as its schedule fires it ({@code {"job": "streaks",
 * "scheduledTime": ...}}, 00:05 UTC every day): each weekday counted exactly once, weekends neutral, missed days caught
 * up in order; then a property test against a model over random eight-week calendars.
 */
@QuarkusTest
class StreakJobTest {

    /** Monday 23 November 2026. */
    static final LocalDate MONDAY = LocalDate.parse("2026-11-23");
    static final String ALICE = "401234567890123456";
    static final String BOB = "387654321098765432";

    @Inject
    TestDatabase db;

    @Inject
    Jobs jobs;

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
    }

    @Test
    void tuesdaysRunEvaluatesMondayAndAReplayChangesNothing() {
        active(alice, MONDAY);
        active(unlinked, MONDAY);
        runAt(MONDAY.plusDays(1)).statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("syncId", equalTo("streaks-scheduled-2026-11-24T00:05:00Z"))
                .body("daysEvaluated", contains("2026-11-23"))
                .body("membersProcessed", equalTo(2))
                .body("streaksIncremented", equalTo(1))
                .body("streaksReset", equalTo(0));
        assertThat(streaks()).containsExactly(List.of(alice, 1, 1), List.of(bob, 0, 0), List.of(unlinked, 0, 0));

        runAt(MONDAY.plusDays(1)).statusCode(200).body("status", equalTo("SKIPPED"))
                .body("message", containsString("already completed"));
        invoke("{\"job\": \"streaks\", \"syncId\": \"by-hand\", \"scheduledTime\": \"2026-11-24T09:00:00Z\"}")
                .statusCode(200).body("status", equalTo("COMPLETED")).body("daysEvaluated", empty());
        assertThat(streaks()).containsExactly(List.of(alice, 1, 1), List.of(bob, 0, 0), List.of(unlinked, 0, 0));
        assertThat(db.query("SELECT job, count(*) FROM sync_run GROUP BY job")).containsExactly(List.of("streaks", 2L));
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
        runAt(MONDAY.plusDays(5)).statusCode(200).body("daysEvaluated", contains("2026-11-26", "2026-11-27"))
                .body("streaksIncremented", equalTo(3)); // Alice twice, Bob on Friday
        assertThat(streaks()).containsExactly(List.of(alice, 5, 5), List.of(bob, 1, 1), List.of(unlinked, 0, 0));
        assertThat(db.queryLong("SELECT count(*) FROM streak_day")).isEqualTo(5);
    }

    @Test
    void theWeekendNeitherBreaksNorExtendsAStreak() {
        active(alice, MONDAY.plusDays(4)); // Friday
        active(alice, MONDAY.plusDays(5)); // Saturday: not a weekday, not counted
        active(alice, MONDAY.plusDays(7)); // the next Monday
        runAt(MONDAY.plusDays(4)); // Friday's run: Thursday (the first run: only the last weekday)
        runAt(MONDAY.plusDays(5)).body("daysEvaluated", contains("2026-11-27")); // Saturday: Friday
        runAt(MONDAY.plusDays(6)).body("daysEvaluated", empty()); // Sunday: nothing
        runAt(MONDAY.plusDays(7)).body("daysEvaluated", empty()); // Monday: nothing (the weekend is not evaluated)
        runAt(MONDAY.plusDays(8)).body("daysEvaluated", contains("2026-11-30")); // Tuesday: Monday
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
        runAt(MONDAY.plusDays(8)).body("streaksReset", equalTo(1)); // Tuesday: Monday, inactive
        assertThat(streak(alice)).containsExactly(0, 3);
    }

    @Test
    void aDeductionIsNotActivity() {
        db.execute("INSERT INTO point_transaction (member_id, action, points, created_at) VALUES (?, 'discord_activity', "
                + "-3, ?)", alice, at(MONDAY, 12));
        runAt(MONDAY.plusDays(1)).body("streaksIncremented", equalTo(0));
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
            runAt(MONDAY.plusDays(4)).statusCode(500) // Friday: Tuesday, then Wednesday fails
                    .body("errorMessage", containsString("Streak streaks-scheduled-2026-11-27T00:05:00Z failed"))
                    .body("errorMessage", containsString("injected failure on 2026-11-25"));
        } finally {
            db.execute("DROP TRIGGER test_fail_day ON streak_day; DROP FUNCTION test_fail_day();");
        }
        assertThat(streak(alice)).as("Tuesday counted, Wednesday not").containsExactly(2, 2);
        assertThat(db.query("SELECT stats -> 'daysEvaluated', stats ->> 'errors' FROM sync_run "
                + "WHERE sync_id = 'streaks-scheduled-2026-11-27T00:05:00Z'").get(0).get(1)).isEqualTo("2");
        assertThat(db.queryLong("SELECT consecutive_failures FROM sync_state WHERE job = 'streaks'")).isEqualTo(1);

        runAt(MONDAY.plusDays(4)).statusCode(200).body("daysEvaluated", contains("2026-11-25", "2026-11-26"));
        assertThat(streak(alice)).containsExactly(4, 4);
        assertThat(db.queryLong("SELECT consecutive_failures FROM sync_state WHERE job = 'streaks'")).isZero();
    }

    /**
     * Random eight-week calendars of activity (positive and negative transactions, weekends included) and random runs
     * (skipped days, replays, runs by hand): after every run each member's streaks equal a model that evaluates every
     * weekday once, in order.
     */
    @Test
    void randomEightWeekCalendarsMatchAModel() {
        long seed = Long.getLong("streaks.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int calendar = 0; calendar < 6; calendar++) {
            members();
            List<Long> ids = List.of(alice, bob);
            Map<Long, Set<LocalDate>> activeDays = new HashMap<>();
            for (long id : ids) {
                activeDays.put(id, new HashSet<>());
                for (int day = 0; day < 56; day++) {
                    LocalDate date = MONDAY.plusDays(day);
                    int dice = random.nextInt(10);
                    if (dice < 6) {
                        active(id, date);
                        activeDays.get(id).add(date);
                    } else if (dice == 6) {
                        db.execute("INSERT INTO point_transaction (member_id, action, points, created_at) VALUES (?, "
                                + "'discord_activity', -2, ?)", id, at(date, 3));
                    }
                }
            }
            Model model = new Model(activeDays);
            for (int day = random.nextInt(3); day < 60; day++) {
                LocalDate date = MONDAY.plusDays(day);
                int dice = random.nextInt(10);
                if (dice < 2) {
                    continue; // this day's run never came
                }
                runAt(date).statusCode(200);
                if (dice == 2) {
                    runAt(date).statusCode(200).body("status", equalTo("SKIPPED")); // delivered twice
                }
                if (dice == 3) { // by hand, later that day
                    invoke("{\"job\": \"streaks\", \"scheduledTime\": \"" + date.atTime(15, 0).toInstant(ZoneOffset.UTC)
                            + "\"}").statusCode(200);
                }
                model.runOn(date);
                for (long id : ids) {
                    assertThat(streak(id)).as("seed %d, calendar %d, run on %s, member %d", seed, calendar, date, id)
                            .containsExactly(model.current.get(id), model.longest.get(id));
                }
            }
        }
    }

    /** Every weekday once, in order, from the last weekday before the first run. */
    static final class Model {
        final Map<Long, Set<LocalDate>> activeDays;
        final Map<Long, Integer> current = new HashMap<>();
        final Map<Long, Integer> longest = new HashMap<>();
        LocalDate last;

        Model(Map<Long, Set<LocalDate>> activeDays) {
            this.activeDays = activeDays;
            activeDays.keySet().forEach(id -> {
                current.put(id, 0);
                longest.put(id, 0);
            });
        }

        void runOn(LocalDate today) {
            LocalDate day;
            if (last == null) {
                day = today.minusDays(1);
                while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                    day = day.minusDays(1);
                }
                evaluate(day);
                return;
            }
            for (day = last.plusDays(1); day.isBefore(today); day = day.plusDays(1)) {
                if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                    evaluate(day);
                }
            }
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

    ValidatableResponse runAt(LocalDate day) {
        return invoke("{\"job\": \"streaks\", \"scheduledTime\": \"" + day.atTime(0, 5).toInstant(ZoneOffset.UTC) + "\"}");
    }

    void active(long member, LocalDate day) {
        db.execute("INSERT INTO point_transaction (member_id, action, points, created_at) VALUES (?, 'quest', 2, ?)",
                member, at(day, 18));
    }

    static java.time.OffsetDateTime at(LocalDate day, int hour) {
        return day.atTime(hour, 0).atOffset(ZoneOffset.UTC);
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
