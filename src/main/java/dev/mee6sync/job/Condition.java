package dev.mee6sync.job;

import java.util.Map;

import dev.mee6sync.alert.AlertLevel;

/**
 * Something wrong that a completed run found (a sync that could not process some members, a ledger that drifted): the
 * job's warning channel. The first run that finds it after a clean one warns ops once; the next clean run resolves it.
 *
 * @param level  how Sentry shows it
 * @param kind   a short stable name ({@code degraded}, {@code drift}): the Sentry fingerprint
 * @param text   what happened, for the warning's title
 * @param extras the details (member ids, reasons, numbers; never member data beyond ids)
 */
public record Condition(AlertLevel level, String kind, String text, Map<String, Object> extras) {
}
