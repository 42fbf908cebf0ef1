package dev.mee6sync.job;

import java.util.Optional;
import java.util.Set;

/**
 * What the runner and the entry points need to know of a job, besides its work.
 *
 * @param name              its {@code sync_run.job}, {@code sync_state.job}, EMF dimension and event {@code job}
 * @param label             the job in the words of an alert: "3 consecutive {@code sync} failures"
 * @param idPrefix          the start of its manual sync ids ({@code mee6-})
 * @param scheduledIdPrefix the start of its scheduled ids, {@code <prefix>scheduled-<time>}
 * @param options           the event options it accepts
 * @param monitorSlug       its Sentry cron monitor
 * @param monitorSchedule   the monitor's schedule (an EventBridge expression), when one is configured
 */
public record JobSpec(String name, String label, String idPrefix, String scheduledIdPrefix, Set<String> options,
        String monitorSlug, Optional<String> monitorSchedule) {

    /** A run of the job in a sentence's first word: "Sync", "Audit", "Streak". */
    public String title() {
        return label.substring(0, 1).toUpperCase() + label.substring(1);
    }
}
