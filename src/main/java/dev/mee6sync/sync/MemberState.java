package dev.mee6sync.sync;

import java.time.Instant;

/**
 * A linked member as the sync finds it: its current account and what its latest activity row says.
 *
 * @param memberId      the member
 * @param discordId     its Discord id now (an operator may have changed it since the latest row)
 * @param latest        its latest activity row; null when no sync recorded it yet
 * @param alreadySynced an earlier attempt of this sync id already recorded it
 */
public record MemberState(long memberId, String discordId, LatestRow latest, boolean alreadySynced) {

    /**
     * What a member's latest activity row carries forward (docs/ledger-rules.md, "2. Provenance").
     *
     * @param provenance      the account, guild and epoch of the row
     * @param leftoverXp      the XP carried to the next conversion
     * @param observedXp      the latest reading in that provenance, null while it has none (absence rows only)
     * @param provenanceSince when the member's first row of that provenance was written
     */
    public record LatestRow(Provenance provenance, int leftoverXp, Long observedXp, Instant provenanceSince) {
    }

    public boolean hasHistory() {
        return latest != null;
    }
}
