package dev.mee6sync.alert;

import java.util.List;
import java.util.Map;

/**
 * One event for ops. Never member data beyond ids, never a secret.
 *
 * @param kind        what it is, in log lines ({@code outage}, {@code recovery}...)
 * @param level       its Sentry level
 * @param message     its text
 * @param fingerprint one Sentry issue per kind of event, however the text varies
 * @param tags        short searchable values (job, sync id, failure count...)
 * @param extras      details (member ids, numbers)
 */
public record Alert(String kind, AlertLevel level, String message, List<String> fingerprint, Map<String, String> tags,
        Map<String, Object> extras) {
}
