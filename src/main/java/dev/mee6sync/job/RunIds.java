package dev.mee6sync.job;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Run ids: the idempotency key of a run ({@code sync_run.sync_id}, and of the rows a sync writes). A scheduled run's id
 * comes from its scheduled time, so every delivery of one schedule tick is the same run.
 */
public final class RunIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    /** {@code <prefix><epoch millis>-<6 base36 chars>}, e.g. {@code mee6-1795477745034-56krxx}. */
    public static String fresh(String prefix) {
        StringBuilder suffix = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            suffix.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return prefix + System.currentTimeMillis() + "-" + suffix;
    }

    /** {@code <prefix>scheduled-<time>}: one spelling per instant. */
    public static String scheduled(String prefix, Instant scheduledTime) {
        return prefix + "scheduled-" + scheduledTime;
    }
}
