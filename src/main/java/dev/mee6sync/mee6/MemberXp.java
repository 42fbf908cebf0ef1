package dev.mee6sync.mee6;

/** One member's reading from the MEE6 leaderboard. */
public record MemberXp(long xp, int level, long messageCount) {
}
