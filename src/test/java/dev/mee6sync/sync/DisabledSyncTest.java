package dev.mee6sync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mee6sync.job.RunRequest;
import dev.mee6sync.job.Run;
import dev.mee6sync.streak.StreakJob;
import dev.mee6sync.streak.StreakStats;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** {@code MEE6_SYNC_ENABLED=false}: a run exits at once, reads nothing from MEE6 and writes nothing. */
@QuarkusTest
@TestProfile(DisabledSyncTest.SyncDisabled.class)
class DisabledSyncTest {

    public static class SyncDisabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mee6.sync-enabled", "false");
        }
    }

    @Inject
    TestDatabase db;

    @Inject
    StreakJob streaks;

    @Test
    void aDisabledSyncWritesNothing() {
        db.reset();
        db.insertMember(SyncLambdaTest.ALICE);
        Mee6StandIn.get().reset();

        SyncLambdaTest.invoke("{\"syncId\": \"disabled\"}").statusCode(200)
                .body("status", equalTo("DISABLED"))
                .body("message", containsString("MEE6_SYNC_ENABLED"));

        assertThat(db.queryLong("SELECT count(*) FROM discord_activity")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM sync_run")).isZero();
        assertThat(db.query("SELECT consecutive_failures, last_failure_at, last_success_at FROM sync_state"))
                .containsExactly(java.util.Arrays.asList(0, null, null));
        assertThat(Mee6StandIn.get().requests(Mee6StandIn.GUILD_ID)).isEmpty();
    }

    /**
     * A switched-off sync completes no run for a streak day to wait for (docs/ledger-rules.md, "Weekday streaks"):
     * the runner idles every job then, and the streak job, run by itself, evaluates without waiting.
     */
    @Test
    void streakDaysDoNotWaitForASwitchedOffSync() {
        db.reset();
        long alice = db.insertMember(SyncLambdaTest.ALICE);
        db.execute("INSERT INTO point_transaction (member_id, action, points, created_at) VALUES (?, 'quest', 2, "
                + "timestamptz '2026-11-23 18:00+00')", alice);
        SyncLambdaTest.invoke("{\"job\": \"streaks\", \"scheduledTime\": \"" + Instant.now() + "\"}").statusCode(200)
                .body("status", equalTo("DISABLED"));

        Instant tuesday = Instant.parse("2026-11-24T00:05:00Z");
        Run run = Run.detached(new RunRequest(StreakJob.NAME, "streaks-by-itself", "test", tuesday, Map.of()),
                null);
        StreakJob.Tally tally = streaks.newTally();
        streaks.run(run, tally);
        StreakStats stats = streaks.stats(run, tally, dev.mee6sync.job.RunOutcome.completed(null), 0);
        assertThat(stats.daysEvaluated()).containsExactly(LocalDate.parse("2026-11-23"));
        assertThat(stats.daysWaiting()).isEmpty();
        assertThat(db.query("SELECT current_streak, longest_streak FROM member WHERE id = ?", alice))
                .containsExactly(List.of(1, 1));
    }
}
