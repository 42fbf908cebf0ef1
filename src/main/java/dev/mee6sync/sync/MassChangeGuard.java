package dev.mee6sync.sync;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.persistence.BoardState;
import dev.mee6sync.xp.BoardFacts;

/**
 * Refuses, before any write, a run whose writes look like a mass change rather than members' activity
 * (docs/ledger-rules.md, "5. Mass changes").
 */
final class MassChangeGuard {

    /** The board-size rule needs a reference board of at least this many players. */
    static final int MIN_REFERENCE_PLAYERS = 100;
    /** The board-reset rule needs a reference top XP of at least this much... */
    static final long MIN_REFERENCE_TOP_XP = 10_000;
    /** ...from a board of at least this many players, so that its top XP is a 10th-highest, not one player's. */
    static final int MIN_REFERENCE_TOP_PLAYERS = 10;

    /** Why a run was refused: the rule ({@code board-reset}, {@code board-shrank}, {@code deductions}) and why. */
    record Refusal(String rule, String message) {
    }

    private MassChangeGuard() {
    }

    static Optional<Refusal> check(List<SyncPlanner.Plan> plans, BoardFacts board, BoardState.Snapshot reference,
            SyncConfig.MassChange limits, String source, String runId) {
        Long topXp = board.topXp();
        Long referenceTopXp = reference.referenceTopXp();
        Integer referencePlayers = reference.referencePlayers();
        if (topXp != null && referenceTopXp != null && referenceTopXp >= MIN_REFERENCE_TOP_XP
                && referencePlayers != null && referencePlayers >= MIN_REFERENCE_TOP_PLAYERS
                && 2 * topXp < referenceTopXp) {
            return Optional.of(new Refusal("board-reset", String.format(Locale.ROOT, "Mass change refused before any "
                    + "write: the board's top XP (the 10th-highest of page 0) is %,d, less than half of the %,d of the "
                    + "last run that read this board to its end. %s reset the board's XP, or served a broken or stale "
                    + "board. %s", topXp, referenceTopXp, source, waysOut(runId))));
        }
        Integer players = board.players();
        if (players != null && referencePlayers != null && referencePlayers >= MIN_REFERENCE_PLAYERS
                && 2L * players < referencePlayers) {
            return Optional.of(new Refusal("board-shrank", "Mass change refused before any write: the board holds "
                    + players + " players, fewer than half of the " + referencePlayers + " of the last run that read "
                    + "it to its end. " + source + " or a CDN served a broken or stale board, or the guild's board "
                    + "was reset. " + waysOut(runId)));
        }
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
                    + "admin reset the guild's XP, or %s served a broken or stale board. %s", losing, compared,
                    limits.minMembers(), limits.share(), source, waysOut(runId))));
        }
        return Optional.empty();
    }

    private static String waysOut(String runId) {
        return "Nothing was written. If an admin really removed that XP, write it: {\"syncId\": \"" + runId + "\", "
                + "\"massChange\": \"apply\"}; if the board was reset or cannot be trusted against earlier readings, "
                + "start a new epoch (every member's next reading a baseline, nothing paid or deducted): "
                + "{\"syncId\": \"" + runId + "\", \"massChange\": \"rebaseline\"} (infra/OPERATE.md, \"Mass "
                + "changes\")";
    }
}
