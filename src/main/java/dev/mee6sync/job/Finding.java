package dev.mee6sync.job;

import java.util.Map;
import java.util.Set;

import dev.mee6sync.alert.Alert;

/**
 * Something wrong that a completed run found (a sync that could not process some members, a ledger that drifted): its
 * job's warning channel. Ops are warned once per finding, again when a later run finds something new in it.
 *
 * @param level  how Sentry shows it
 * @param kind   a short stable name ({@code degraded}, {@code drift})
 * @param text   what happened, for the warning's title
 * @param extras the details (member ids, reasons, numbers; never member data beyond ids)
 * @param keys   what it is about ({@code member:42}, {@code invariant:balance}): a key not warned of warns again
 */
public record Finding(Alert.Level level, String kind, String text, Map<String, Object> extras, Set<String> keys) {

    public Finding {
        extras = Map.copyOf(extras);
        keys = Set.copyOf(keys);
    }
}
