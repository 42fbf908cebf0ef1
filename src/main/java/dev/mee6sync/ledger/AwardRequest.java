package dev.mee6sync.ledger;

/**
 * One member's XP to convert.
 *
 * @param memberId   the member
 * @param xpDelta    XP gained since the last observed reading (negative: removed)
 * @param leftoverXp XP carried from earlier conversions (|leftoverXp| < 100)
 */
public record AwardRequest(long memberId, long xpDelta, int leftoverXp) {
}
