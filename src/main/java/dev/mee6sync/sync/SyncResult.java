package dev.mee6sync.sync;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One member's outcome in one sync.
 *
 * @param memberId      the member
 * @param discordId     its Discord id
 * @param xpBefore      the last XP observed on the leaderboard before this sync; null if never observed
 * @param xpAfter       the XP observed now; 0 when the member is not on the leaderboard
 * @param xpDelta       {@code xpAfter - xpBefore}; null on a baseline or an absence (no reading)
 * @param pointsAwarded the signed points of this sync's transaction (0 when none)
 * @param leftoverXp    XP carried to the next sync
 * @param isFirstSync   the member's first sync: a baseline, never paid
 * @param inLeaderboard whether the member was on the leaderboard
 */
@RegisterForReflection
public record SyncResult(long memberId, String discordId, Long xpBefore, long xpAfter, Long xpDelta,
        int pointsAwarded, int leftoverXp, @JsonProperty("isFirstSync") boolean isFirstSync, boolean inLeaderboard) {
}
