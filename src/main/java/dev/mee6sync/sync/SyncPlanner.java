package dev.mee6sync.sync;

import java.util.Optional;

import dev.mee6sync.ledger.AwardDecision;
import dev.mee6sync.ledger.DiscordPointRules;
import dev.mee6sync.ledger.PointRate;

/**
 * The sync's rules for one member, without I/O (../shared/NOTES.md part 2):
 * <ul>
 * <li>first sync and on the board: a baseline, nothing paid (no backfill of lifetime XP);</li>
 * <li>not on the board: an absence row (XP 0, no delta) that changes nothing: no deduction, the last observed XP and
 * the leftover stay as they were, so a return is paid from the last reading, not from zero;</li>
 * <li>otherwise: delta from the last observed XP (0 if never observed), converted with the carried leftover.</li>
 * </ul>
 */
public final class SyncPlanner {

    private SyncPlanner() {
    }

    /** A member's planned outcome: the activity row to write and, when XP was converted, the award decision. */
    public record Plan(ActivityRow activity, AwardDecision decision, SyncResult result) {
    }

    public static Plan plan(MemberState state, Optional<Long> reading, PointRate rate) {
        boolean first = !state.hasHistory();
        if (reading.isEmpty()) {
            int leftover = first ? 0 : state.leftoverXp();
            return new Plan(new ActivityRow(state.memberId(), state.discordId(), 0, null, leftover, false), null,
                    new SyncResult(state.memberId(), state.discordId(), state.lastObservedXp(), 0, null, 0, leftover,
                            first, false));
        }
        long xp = reading.get();
        if (first) {
            return new Plan(new ActivityRow(state.memberId(), state.discordId(), xp, null, 0, true), null,
                    new SyncResult(state.memberId(), state.discordId(), null, xp, null, 0, 0, true, true));
        }
        long before = state.lastObservedXp() == null ? 0 : state.lastObservedXp();
        long delta = xp - before;
        AwardDecision decision = DiscordPointRules.decide(state.memberId(), delta, state.leftoverXp(), rate);
        return new Plan(new ActivityRow(state.memberId(), state.discordId(), xp, delta, decision.leftoverXp(), true),
                decision,
                new SyncResult(state.memberId(), state.discordId(), state.lastObservedXp(), xp, delta,
                        decision.points(), decision.leftoverXp(), false, true));
    }
}
