package dev.mee6sync.ledger;

import dev.mee6sync.persistence.PointConfig;

/** The {@code point_config('discord_activity')} row as the rules use it; its absence or a negative rate is refused. */
public final class PointRates {

    private static final String MISSING_ROW = "point_config has no 'discord_activity' row: insert one with the points "
            + "per 100 MEE6 XP, e.g. INSERT INTO point_config (action, points, enabled) VALUES ('discord_activity', 1, "
            + "true)";

    private PointRates() {
    }

    /** Reads the row in the caller's transaction. @throws IllegalArgumentException naming the fix */
    public static PointRate discordActivity() {
        PointConfig row = PointConfig.discordActivity();
        if (row == null) {
            throw new IllegalArgumentException(MISSING_ROW);
        }
        if (row.points < 0) {
            throw new IllegalArgumentException("point_config '" + PointConfig.DISCORD_ACTIVITY + "' has a negative "
                    + "rate (" + row.points + " points per 100 XP); set points to 0 or more, or enabled = false");
        }
        return new PointRate(row.points, row.enabled);
    }
}
