package dev.mee6sync.alert;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One event for ops, decided by a job's state machine (docs/ledger-rules.md, "6. Idempotency, atomicity, balance").
 * Never member data beyond ids, never a secret.
 *
 * @param kind        what it tells
 * @param level       its Sentry level
 * @param message     its text
 * @param fingerprint its Sentry issue: an alert that needs someone gets an issue of its own, so Sentry notifies
 * @param tags        short searchable values (job, run id, failure count...)
 * @param extras      details (member ids, numbers)
 * @param keys        what it is about (a refusal's key, a warning's members and invariants): recorded once confirmed
 */
public record Alert(Kind kind, Level level, String message, List<String> fingerprint, Map<String, String> tags,
        Map<String, Object> extras, Set<String> keys) {

    public Alert {
        fingerprint = List.copyOf(fingerprint);
        tags = Map.copyOf(tags);
        extras = Map.copyOf(extras);
        keys = Set.copyOf(keys);
    }

    /** What an alert tells ops. */
    public enum Kind {
        /** A job failed {@code MEE6_ALERT_AFTER_FAILURES} times in a row: one per outage. */
        OUTAGE,
        /** A failure that needs someone now (a refused mass change, a refused token): each new one. */
        ATTENTION,
        /** A run completed after ops were told of its job's outage. */
        RECOVERY,
        /** A completed run found something wrong (a degraded sync, a drifting ledger), or more of it. */
        WARNING,
        /** A clean run after a warning. */
        RESOLVED,
        /** An invocation was refused before any work (an event's time outside the window). */
        REFUSED_EVENT;

        /** The kind in log lines and Sentry's {@code kind} tag: {@code outage}, {@code refused_event}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How an alert shows in Sentry. */
    public enum Level {
        INFO,
        WARNING,
        ERROR
    }
}
