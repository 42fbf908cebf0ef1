package dev.mee6sync.sync;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.xp.FetchFacts;

/**
 * Refuses a run whose writes look like a mass change rather than members' activity (docs/ledger-rules.md, "Mass
 * changes"): an admin reset the guild's XP, or MEE6 or a CDN served a broken or stale board. Looked at after the fetch
 * and before anything is written; an operator then applies the run or starts a new epoch. One member's XP removal, or
 * a few, is ordinary.
 */
final class MassChangeGuard {

    /** The board-size rule needs a reference board of at least this many players. */
    static final int MIN_REFERENCE_PLAYERS = 100;

    /** Why a run was refused: the rule ({@code deductions}, {@code board-shrank}) and the operator's message. */
    record Refusal(String rule, String message) {
    }

    private MassChangeGuard() {
    }

    /**
     * @param plans               the run's plans
     * @param fetch               what the read did
     * @param lastFullReadPlayers the players of the last completed full read (null before the first)
     */
    static Optional<Refusal> check(List<SyncPlanner.Plan> plans, FetchFacts fetch, Integer lastFullReadPlayers,
            SyncConfig.MassChange limits, String syncId) {
        int compared = 0;
        int losing = 0;
        for (SyncPlanner.Plan plan : plans) {
            if (plan.kind() == SyncPlanner.Kind.DELTA) {
                compared++;
                if (plan.losesUnits()) {
                    losing++;
                }
            }
        }
        if (losing >= limits.minMembers() && losing >= limits.share() * compared) {
            return Optional.of(new Refusal("deductions", String.format(Locale.ROOT, "Mass change refused before any "
                    + "write: %d of the %d members read with an earlier reading in their provenance would lose points "
                    + "(at least MEE6_MASS_CHANGE_MIN_MEMBERS=%d of them and at least MEE6_MASS_CHANGE_SHARE=%s). An "
                    + "admin reset the guild's XP, or MEE6 served a broken or stale board. %s", losing, compared,
                    limits.minMembers(), limits.share(), waysOut(syncId))));
        }
        int players = fetch.distinctPlayers();
        if (fetch.readToEnd() && lastFullReadPlayers != null && lastFullReadPlayers >= MIN_REFERENCE_PLAYERS
                && 2L * players < lastFullReadPlayers) {
            return Optional.of(new Refusal("board-shrank", "Mass change refused before any write: the board holds "
                    + players + " players, fewer than half of the " + lastFullReadPlayers + " of the last full read. "
                    + "MEE6 or a CDN served a broken or stale board, or the guild's board was reset. "
                    + waysOut(syncId)));
        }
        return Optional.empty();
    }

    private static String waysOut(String syncId) {
        return "Nothing was written. If an admin really removed that XP, write it: {\"syncId\": \"" + syncId + "\", "
                + "\"massChange\": \"apply\"}; if the board was reset or cannot be trusted against earlier readings, "
                + "start a new epoch (every member's next reading a baseline, nothing paid or deducted): "
                + "{\"syncId\": \"" + syncId + "\", \"massChange\": \"rebaseline\"} (infra/OPERATE.md, \"Mass "
                + "changes\")";
    }
}
