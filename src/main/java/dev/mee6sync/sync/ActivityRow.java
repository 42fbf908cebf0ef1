package dev.mee6sync.sync;

/** A {@code discord_activity} row to write. {@code xpDelta} is null on a baseline or an absence. */
public record ActivityRow(long memberId, String discordId, long xpTotal, Long xpDelta, int leftoverXp,
        boolean inLeaderboard) {
}
