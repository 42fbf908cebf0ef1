package dev.mee6sync.ledger;

/**
 * The result of awarding one member's Discord XP.
 *
 * @param memberId   the member
 * @param awarded    whether a point transaction was written by this call (positive or negative)
 * @param points     the signed points of that transaction (0 when none was written)
 * @param units      the whole 100-XP units converted
 * @param leftoverXp the XP to carry into the next conversion
 * @param reason     why, in words an operator can read
 */
public record PointAward(long memberId, boolean awarded, int points, long units, int leftoverXp, String reason) {
}
