package dev.mee6sync.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.mee6sync.text.Durations;

/**
 * Checks {@link SyncConfig} values that the type alone cannot. Each problem names the environment variable an operator
 * sets, so the message can be acted on without reading code.
 */
public final class SyncConfigCheck {

    private SyncConfigCheck() {
    }

    /** The problems of this configuration; empty when it can run. */
    public static List<String> problems(SyncConfig config) {
        List<String> problems = new ArrayList<>();
        range(problems, "MEE6_ALERT_AFTER_FAILURES (mee6.alert-after-failures)", config.alertAfterFailures(), 1, 1000);
        range(problems, "MEE6_BATCH_SIZE (mee6.batch-size)", config.batchSize(), 1, 10_000);
        atLeast(problems, "MEE6_FUNCTION_TIMEOUT (mee6.function-timeout)", config.functionTimeout(),
                Duration.ofSeconds(1));
        atLeast(problems, "MEE6_FULL_READ_EVERY (mee6.full-read-every)", config.fullReadEvery(), Duration.ofMinutes(1));
        atLeast(problems, "MEE6_EVENT_MAX_AGE (mee6.event-max-age)", config.eventMaxAge(), Duration.ofMinutes(1));
        range(problems, "MEE6_MAX_XP_PER_HOUR (mee6.max-xp-per-hour)", config.maxXpPerHour(), 1, 1_000_000_000);
        range(problems, "MEE6_MASS_CHANGE_MIN_MEMBERS (mee6.mass-change.min-members)", config.massChange().minMembers(),
                1, 1_000_000);
        double share = config.massChange().share();
        if (!(share > 0 && share <= 1)) {
            problems.add("MEE6_MASS_CHANGE_SHARE (mee6.mass-change.share) must be above 0 and at most 1, got " + share);
        }
        return problems;
    }

    private static void range(List<String> problems, String name, long value, long min, long max) {
        if (value < min || value > max) {
            problems.add(name + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static void atLeast(List<String> problems, String name, Duration value, Duration min) {
        if (value.compareTo(min) < 0) {
            problems.add(name + " must be at least " + Durations.human(min) + ", got " + Durations.human(value));
        }
    }
}
