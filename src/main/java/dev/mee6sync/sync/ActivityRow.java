package dev.mee6sync.sync;

import java.time.Instant;

/**
 * A {@code discord_activity} row to write: what the sync saw of one member, in which provenance, and what it carries
 * forward. {@code xpDelta} is null on a baseline or an absence; {@code xpTotal} is 0 on an absence.
 */
public record ActivityRow(long memberId, Provenance provenance, long xpTotal, Long xpDelta, int leftoverXp,
        boolean inLeaderboard, Long observedXp, Instant provenanceSince) {
}
