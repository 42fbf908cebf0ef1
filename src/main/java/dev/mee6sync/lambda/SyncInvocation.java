package dev.mee6sync.lambda;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import dev.mee6sync.sync.SyncService;
import dev.mee6sync.sync.SyncTrigger;

/** Derives the run's trigger and sync id from an event. */
public final class SyncInvocation {

    /** Sync ids end up in logs, tags and rows: keep them short and plain. */
    private static final Pattern SAFE_SYNC_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}");

    private SyncInvocation() {
    }

    /**
     * A scheduled event's sync id is {@code scheduled-<time>}: every delivery of one schedule tick (duplicates, Lambda
     * retries) shares its {@code time}, so all of them are the same run and write once.
     */
    public static SyncTrigger trigger(LambdaEvent event) {
        if (event == null) {
            return new SyncTrigger(SyncService.newSyncId(), "manual");
        }
        if (event.syncId() != null) {
            if (!SAFE_SYNC_ID.matcher(event.syncId()).matches()) {
                throw new InvalidEventException("syncId must be 1 to 128 letters, digits or ._:+- (starting with a "
                        + "letter or digit), got '" + abbreviate(event.syncId()) + "'");
            }
            return new SyncTrigger(event.syncId(), "manual");
        }
        if (event.time() != null && isScheduled(event)) {
            return new SyncTrigger("scheduled-" + scheduledTime(event.time()), source(event));
        }
        return new SyncTrigger(SyncService.newSyncId(), "manual");
    }

    private static boolean isScheduled(LambdaEvent event) {
        return "Scheduled Event".equals(event.detailType()) || "aws.scheduler".equals(event.source())
                || "aws.events".equals(event.source());
    }

    private static String source(LambdaEvent event) {
        return "aws.scheduler".equals(event.source()) ? "eventbridge-scheduler" : "eventbridge-rule";
    }

    private static String scheduledTime(String time) {
        try {
            return Instant.parse(time).toString(); // one spelling per instant
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("The event's time is not an ISO-8601 instant: '" + abbreviate(time) + "'");
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}
