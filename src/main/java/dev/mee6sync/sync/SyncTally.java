package dev.mee6sync.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mee6sync.job.Run;
import dev.mee6sync.job.RunOutcome;
import dev.mee6sync.persistence.BoardState;
import dev.mee6sync.xp.BoardFacts;
import dev.mee6sync.xp.FetchFacts;

/** Running totals of a sync run, turned into {@link SyncStats} when it ends, whatever the end. */
final class SyncTally {

    static final int MAX_MEMBER_ERRORS = 20;

    int totalMembers;
    int membersInMee6;
    int membersNotInMee6;
    int membersAlreadySynced;
    long pointsAwarded;
    long pointsDeducted;
    int firstSyncs;
    int errors;
    int invalidMembers;
    int implausibleFirstReadings;
    int provenanceBaselines;
    boolean fullRead;
    int membersNotReached;
    long databaseNanos;
    String massChange;
    String massChangeRefused;
    Integer epoch;
    FetchFacts fetch = FetchFacts.NONE;
    final List<SyncStats.MemberError> memberErrors = new ArrayList<>();
    int memberErrorCount;
    String xpSource;
    int sweepPages;
    /** The sweep's cursor (the board's page count when this run's read reached its end); null: no read recorded. */
    Integer sweepCursor;
    Integer sweepBoardPages;
    Instant sweepCompletedAt;
    Instant sweepAgeFrom;

    /** Where the sweep stands after this run's read: the board's memory {@code after} it. */
    void sweep(BoardState.Snapshot before, BoardState.Snapshot after, BoardState.Read read, BoardFacts board) {
        sweepPages = board.slice() == null ? 0 : board.slice().pagesRead();
        sweepBoardPages = after.sweepBoardPages();
        // a sweep that reached the end shows as complete (31/31) rather than as the next one's page 0
        sweepCursor = read.endPage() != null ? sweepBoardPages : after.sweepCursor();
        sweepCompletedAt = after.sweepCompletedAt();
        // before any sweep completed, its age counts from when the first one began
        sweepAgeFrom = sweepCompletedAt != null ? sweepCompletedAt
                : before.sweepStartedAt() != null ? before.sweepStartedAt() : read.at();
    }

    void memberError(long memberId, String reason) {
        memberErrorCount++;
        if (memberErrors.size() < MAX_MEMBER_ERRORS) {
            memberErrors.add(new SyncStats.MemberError(memberId, reason));
        }
    }

    SyncStats stats(Run run, RunOutcome outcome, Integer consecutiveFailures) {
        Instant now = Instant.now();
        return new SyncStats(run.runId(), run.trigger(), outcome.status(), outcome.message(), run.startedAt(), now,
                Duration.between(run.startedAt(), now).toMillis(), totalMembers, membersInMee6, membersNotInMee6,
                membersAlreadySynced, pointsAwarded, pointsDeducted, firstSyncs, errors, fetch.pagesRequested(),
                fetch.playersRead(), fetch.duplicatesDropped(), fetch.retries(), fetch.durationMs(),
                databaseNanos / 1_000_000, consecutiveFailures, invalidMembers, implausibleFirstReadings,
                provenanceBaselines, fullRead, membersNotReached, massChange, massChangeRefused, epoch,
                List.copyOf(memberErrors), xpSource, sweepPages, sweepCursor, sweepBoardPages, sweepCompletedAt,
                sweepAgeFrom);
    }
}
