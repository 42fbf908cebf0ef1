package dev.mee6sync.ledger;

/**
 * The XP-to-points arithmetic, without I/O. Every 100 XP is one unit; what is left carries to the next sync with its
 * sign, so XP is never lost or counted twice across syncs: over any sequence,
 * {@code sum(units) * 100 + leftover == xpNow - xpBaseline}.
 */
public final class XpConversion {

    public static final int XP_PER_UNIT = 100;

    private XpConversion() {
    }

    /**
     * @param effectiveXp the XP to convert: this sync's delta plus the leftover carried from earlier syncs
     * @param units       whole units, rounded toward zero (negative when XP was removed)
     * @param leftoverXp  the part that carries, with the sign of {@code effectiveXp}; |leftoverXp| < 100
     */
    public record Conversion(long effectiveXp, long units, int leftoverXp) {
    }

    /**
     * Converts {@code xpDelta} plus the carried {@code leftoverXp}. Examples: +150 -> 1 unit, carry 50; then -60 ->
     * effective -10, 0 units, carry -10; -250 -> -2 units, carry -50.
     */
    public static Conversion convert(long xpDelta, int leftoverXp) {
        long effective = Math.addExact(xpDelta, leftoverXp);
        long units = effective / XP_PER_UNIT; // Java's division truncates toward zero, as the rules require
        return new Conversion(effective, units, (int) (effective - units * XP_PER_UNIT));
    }
}
