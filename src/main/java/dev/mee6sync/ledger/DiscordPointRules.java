package dev.mee6sync.ledger;

/**
 * The one place where XP becomes points (docs/ledger-rules.md, "3. XP to points"):
 * a member's XP delta plus its carried leftover, converted at the configured rate.
 */
public final class DiscordPointRules {

    private DiscordPointRules() {
    }

    public static AwardDecision decide(long memberId, long xpDelta, int leftoverXp, PointRate rate) {
        XpConversion.Conversion conversion = XpConversion.convert(xpDelta, leftoverXp);
        if (!rate.enabled()) {
            return new AwardDecision(memberId, xpDelta, conversion, 0, AwardDecision.Outcome.DISABLED);
        }
        if (conversion.units() == 0) {
            return new AwardDecision(memberId, xpDelta, conversion, 0, AwardDecision.Outcome.CARRY);
        }
        int points = toPoints(memberId, conversion.units(), rate.pointsPerUnit());
        if (points == 0) { // a rate of 0 points per unit pays nothing, like a disabled action
            return new AwardDecision(memberId, xpDelta, conversion, 0, AwardDecision.Outcome.DISABLED);
        }
        return new AwardDecision(memberId, xpDelta, conversion, points,
                points > 0 ? AwardDecision.Outcome.AWARD : AwardDecision.Outcome.DEDUCT);
    }

    private static int toPoints(long memberId, long units, int pointsPerUnit) {
        try {
            return Math.toIntExact(Math.multiplyExact(units, (long) pointsPerUnit));
        } catch (ArithmeticException e) {
            // point_transaction.points is an int: refuse rather than write a wrong amount
            throw new IllegalStateException("Member " + memberId + ": " + units + " units at " + pointsPerUnit
                    + " points per unit do not fit in one point transaction", e);
        }
    }
}
