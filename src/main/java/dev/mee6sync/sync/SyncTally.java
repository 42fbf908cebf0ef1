package dev.mee6sync.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mee6sync.job.JobRun;
import dev.mee6sync.job.RunStatus;
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

    void memberError(long memberId, String reason) {
        memberErrorCount++;
        if (memberErrors.size() < MAX_MEMBER_ERRORS) {
            memberErrors.add(new SyncStats.MemberError(memberId, reason));
        }
    }

    SyncStats stats(JobRun run, RunStatus status, String message, Integer consecutiveFailures) {
        Instant now = Instant.now();
        return new SyncStats(run.syncId(), run.trigger(), status, message, run.startedAt(), now,
                Duration.between(run.startedAt(), now).toMillis(), totalMembers, membersInMee6, membersNotInMee6,
                membersAlreadySynced, pointsAwarded, pointsDeducted, firstSyncs, errors, fetch.pagesRequested(),
                fetch.playersRead(), fetch.duplicatesDropped(), fetch.retries(), fetch.durationMs(),
                databaseNanos / 1_000_000, consecutiveFailures, invalidMembers, implausibleFirstReadings,
                provenanceBaselines, fullRead, membersNotReached, massChange, massChangeRefused, epoch,
                List.copyOf(memberErrors));
    }
}
