package dev.mee6sync.config;

import java.time.Duration;
import java.util.List;

/**
 * Checks {@link SyncConfig} values that the type alone cannot. Each problem names the environment variable an operator
 * sets, so the message can be acted on without reading code.
 */
public final class SyncConfigCheck {

    private SyncConfigCheck() {
    }

    /** The problems of this configuration; empty when it can run. */
    public static List<String> problems(SyncConfig config) {
        SettingsCheck check = new SettingsCheck("mee6")
                .range("alert-after-failures", config.alertAfterFailures(), 1, 1000)
                .range("batch-size", config.batchSize(), 1, 10_000)
                .atLeast("function-timeout", config.functionTimeout(), Duration.ofSeconds(1))
                .atLeast("full-read-every", config.fullReadEvery(), Duration.ofMinutes(1))
                .atLeast("event-max-age", config.eventMaxAge(), Duration.ofMinutes(1))
                .range("max-xp-per-hour", config.maxXpPerHour(), 1, 1_000_000_000)
                .range("mass-change.min-members", config.massChange().minMembers(), 1, 1_000_000);
        double share = config.massChange().share();
        if (!(share > 0 && share <= 1)) {
            check.add(check.name("mass-change.share") + " must be above 0 and at most 1, got " + share);
        }
        return check.problems();
    }
}
