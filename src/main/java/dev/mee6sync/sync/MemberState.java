package dev.mee6sync.sync;

/**
 * A linked member as the sync finds it: what its earlier activity rows say.
 *
 * @param memberId        the member
 * @param discordId       its Discord id
 * @param hasHistory      whether any sync recorded it before (if not, this sync is its first)
 * @param lastObservedXp  XP of its latest reading on the leaderboard; null if never observed (baseline 0)
 * @param leftoverXp      XP carried by its latest activity row (0 without history)
 * @param alreadySynced   an earlier attempt of this sync id already recorded it
 */
public record MemberState(long memberId, String discordId, boolean hasHistory, Long lastObservedXp, int leftoverXp,
        boolean alreadySynced) {
}
