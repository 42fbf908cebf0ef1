package dev.mee6sync.ledger;

/**
 * What the rules decided for one member in one sync, before anything is written.
 *
 * @param memberId    the member
 * @param xpDelta     XP gained since the last observed reading (negative: removed)
 * @param conversion  units and carried leftover of {@code xpDelta} plus the previous leftover
 * @param points      the signed point transaction to write; 0 writes nothing
 * @param outcome     why
 */
public record AwardDecision(long memberId, long xpDelta, XpConversion.Conversion conversion, int points,
        Outcome outcome) {

    public enum Outcome {
        /** Whole units gained: a positive transaction. */
        AWARD,
        /** Whole units lost (an admin removed XP in MEE6): a negative transaction. */
        DEDUCT,
        /** Less than 100 XP either way: nothing written, all of it carries. */
        CARRY,
        /** The action is disabled: nothing written, whole units forfeited, the sub-100 rest carries. */
        DISABLED
    }

    public int leftoverXp() {
        return conversion.leftoverXp();
    }

    public boolean writesTransaction() {
        return points != 0;
    }
}
