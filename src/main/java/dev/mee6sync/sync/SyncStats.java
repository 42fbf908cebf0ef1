package dev.mee6sync.sync;

import java.time.Duration;
import java.time.Instant;

import dev.mee6sync.xp.FetchFacts;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one run did: returned by the Lambda, stored in {@code sync_run.stats}, logged once per run and turned into
 * CloudWatch metrics.
 *
 * @param syncId               the run's idempotency key
 * @param trigger              what fired the run
 * @param status               how it ended
 * @param message              why it was skipped, disabled or failed; null when it completed
 * @param startedAt            start of the run
 * @param completedAt          end of the run
 * @param durationMs           wall time of the run
 * @param totalMembers         linked members (with a Discord id)
 * @param membersInMee6        of those processed now, found on the leaderboard
 * @param membersNotInMee6     of those processed now, not on the leaderboard (absence rows)
 * @param membersAlreadySynced skipped because an earlier attempt of this sync id processed them
 * @param pointsAwarded        sum of the positive transactions written
 * @param pointsDeducted       sum of the negative transactions written, as a positive number
 * @param firstSyncs           members seen for the first time (baselines, never paid)
 * @param errors               members this run could not process (nothing written for them)
 * @param mee6Pages            leaderboard pages read
 * @param mee6PlayersRead      players read on those pages
 * @param mee6Duplicates       players seen twice across pages (first reading kept)
 * @param mee6Retries          page requests retried after a transient failure
 * @param mee6FetchMs          time spent fetching and parsing the leaderboard
 * @param databaseMs           time spent loading member state and writing the results
 * @param consecutiveFailures  failed runs in a row, this one included (0 after a completed run); null when the run
 *                             did not touch the counter (disabled, skipped) or could not reach it
 */
@RegisterForReflection
public record SyncStats(
        String syncId,
        String trigger,
        SyncStatus status,
        String message,
        Instant startedAt,
        Instant completedAt,
        long durationMs,
        int totalMembers,
        int membersInMee6,
        int membersNotInMee6,
        int membersAlreadySynced,
        long pointsAwarded,
        long pointsDeducted,
        int firstSyncs,
        int errors,
        int mee6Pages,
        int mee6PlayersRead,
        int mee6Duplicates,
        int mee6Retries,
        long mee6FetchMs,
        long databaseMs,
        Integer consecutiveFailures) {

    /** A run that did nothing (disabled or skipped). */
    public static SyncStats idle(SyncTrigger trigger, SyncStatus status, String message, Instant startedAt) {
        Instant now = Instant.now();
        return new SyncStats(trigger.syncId(), trigger.source(), status, message, startedAt, now,
                Duration.between(startedAt, now).toMillis(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);
    }

    /** Running totals of a run, turned into {@link SyncStats} when it ends. */
    static final class Tally {
        int totalMembers;
        int membersInMee6;
        int membersNotInMee6;
        int membersAlreadySynced;
        long pointsAwarded;
        long pointsDeducted;
        int firstSyncs;
        int errors;
        long databaseNanos;
        Integer consecutiveFailures;
        FetchFacts fetch = FetchFacts.NONE;

        SyncStats finish(SyncTrigger trigger, SyncStatus status, String message, Instant startedAt) {
            Instant now = Instant.now();
            return new SyncStats(trigger.syncId(), trigger.source(), status, message, startedAt, now,
                    Duration.between(startedAt, now).toMillis(), totalMembers, membersInMee6, membersNotInMee6,
                    membersAlreadySynced, pointsAwarded, pointsDeducted, firstSyncs, errors, fetch.pagesRequested(),
                    fetch.playersRead(), fetch.duplicatesDropped(), fetch.retries(), fetch.durationMs(),
                    databaseNanos / 1_000_000, consecutiveFailures);
        }
    }
}
