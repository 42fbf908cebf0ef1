package dev.mee6sync.ledger;

/**
 * The {@code point_config('discord_activity')} row as the rules use it.
 *
 * @param pointsPerUnit points per 100 XP
 * @param enabled       when false no point transaction is written and converted units are forfeited
 */
public record PointRate(int pointsPerUnit, boolean enabled) {
}
