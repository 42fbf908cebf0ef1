package dev.mee6sync.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import dev.mee6sync.alert.Alert;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A job's control plane as a small state machine on its {@code sync_state} row: each transition a named method,
 * {@link #owed} the alert rules (docs/ledger-rules.md, "6. Idempotency, atomicity, balance"). Changed only under
 * {@link #lock}, so deciding an alert and recording it stay atomic.
 */
@Entity
@Table(name = "sync_state")
public class JobState extends PanacheEntityBase {

    static final String ABANDONED = "The run stopped without recording its end (a Lambda timeout or a crash); "
            + "a re-run of its run id resumes it";

    @Id
    @Column(name = "job")
    private String job;

    @Column(name = "consecutive_failures", nullable = false)
    private int consecutiveFailures;

    @Column(name = "last_success_at")
    private Instant lastSuccessAt;

    @Column(name = "last_failure_at")
    private Instant lastFailureAt;

    @Column(name = "last_error")
    private String lastError;

    /** When Sentry confirmed that ops were told of the current outage (its outage or attention alert). */
    @Column(name = "alerted_at")
    private Instant alertedAt;

    /** The current failure that needs someone now; null when none. */
    @Column(name = "attention_key")
    private String attentionKey;

    /** The attention keys of this outage whose alert Sentry confirmed, one per line. */
    @Column(name = "attention_alerted_keys")
    private String attentionAlertedKeys;

    /** The recovery event owed after an alerted outage ended; null when none is owed. */
    @Column(name = "recovery_message")
    private String recoveryMessage;

    /** Since when the job's warning channel is open (a completed run found something wrong). */
    @Column(name = "condition_since")
    private Instant conditionSince;

    /** When Sentry confirmed a warning of the open finding. */
    @Column(name = "condition_alerted_at")
    private Instant conditionAlertedAt;

    /** The open finding's keys, one per line. */
    @Column(name = "condition_keys")
    private String conditionKeys;

    /** The keys that a confirmed warning told ops about, one per line. */
    @Column(name = "condition_alerted_keys")
    private String conditionAlertedKeys;

    /** The resolution event owed after a warned finding ended; null when none is owed. */
    @Column(name = "condition_resolved_message")
    private String conditionResolvedMessage;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected JobState() {
        // for Hibernate
    }

    /** A job's first state: no failures, nothing owed. */
    public JobState(String job, Instant now) {
        this.job = job;
        this.updatedAt = now;
    }

    /** The job's row, locked until the transaction ends; created if missing, rather than lose the count. */
    public static JobState lock(String job) {
        JobState state = findById(job, LockModeType.PESSIMISTIC_WRITE);
        if (state == null) {
            new JobState(job, Instant.now()).persistAndFlush();
            state = findById(job, LockModeType.PESSIMISTIC_WRITE);
        }
        return state;
    }

    // --- transitions ---------------------------------------------------------------------------------------------

    /** A run of the job stopped without recording its end (a Lambda timeout, a crash): a failed run. */
    public void runAbandoned(Instant now) {
        runFailed(ABANDONED, null, now);
    }

    /**
     * A run failed. With an {@code attentionKey} it needs someone now: a key not alerted yet is owed at once,
     * whatever ops were told before in this outage.
     */
    public void runFailed(String error, String attentionKey, Instant now) {
        consecutiveFailures++;
        lastFailureAt = now;
        lastError = error;
        if (attentionKey != null) {
            this.attentionKey = attentionKey;
        }
        updatedAt = now;
    }

    /**
     * A run completed: the outage ends (a recovery is owed if ops were told of it), and its finding opens, widens or
     * closes the warning channel.
     */
    public void runCompleted(String runId, String label, Finding finding, Instant now) {
        if (alertedAt != null) {
            recoveryMessage = "mee6-sync recovered: " + label + " " + runId + " completed after "
                    + consecutiveFailures + " consecutive failures (alerted at " + alertedAt + ")";
        }
        consecutiveFailures = 0;
        alertedAt = null;
        attentionKey = null;
        attentionAlertedKeys = null;
        lastSuccessAt = now;
        if (finding != null) {
            if (conditionSince == null) {
                conditionSince = now;
            }
            conditionKeys = join(finding.keys());
        } else {
            if (conditionSince != null && conditionAlertedAt != null) {
                conditionResolvedMessage = "mee6-sync: resolved: " + label + " " + runId + " completed cleanly "
                        + "(the warning of " + conditionAlertedAt + " no longer holds)";
            }
            conditionSince = null;
            conditionAlertedAt = null;
            conditionKeys = null;
            conditionAlertedKeys = null;
        }
        updatedAt = now;
    }

    /** Sentry confirmed an alert: what it told is no longer owed. */
    public void alertDelivered(Alert alert, Instant now) {
        switch (alert.kind()) {
            case OUTAGE -> markOutageAlerted(now);
            case ATTENTION -> {
                attentionAlertedKeys = withKeys(attentionAlertedKeys, alert.keys());
                markOutageAlerted(now);
            }
            case RECOVERY -> recoveryMessage = null;
            case WARNING -> {
                if (conditionSince != null) {
                    conditionAlertedAt = now;
                    conditionAlertedKeys = withKeys(conditionAlertedKeys, alert.keys());
                }
            }
            case RESOLVED -> conditionResolvedMessage = null;
            case REFUSED_EVENT -> {
                // sent outside any run: nothing of it is kept
            }
        }
        updatedAt = now;
    }

    private void markOutageAlerted(Instant now) {
        if (consecutiveFailures > 0 && alertedAt == null) {
            alertedAt = now;
        }
    }

    // --- the alert rules -----------------------------------------------------------------------------------------

    /**
     * What the job owes ops now, in the order to send it (an old outage's recovery first); each stays owed until
     * Sentry confirms it ({@link #alertDelivered}).
     *
     * @param finding the finding of the run that just completed; null after a failed run (the channel waits)
     */
    public List<Alert> owed(String runId, String label, int threshold, Finding finding) {
        List<Alert> owed = new ArrayList<>();
        if (recoveryMessage != null) {
            owed.add(alert(Alert.Kind.RECOVERY, Alert.Level.INFO, recoveryMessage, runId, "recovered", Set.of()));
        }
        if (attentionKey != null && !split(attentionAlertedKeys).contains(attentionKey)) {
            owed.add(alert(Alert.Kind.ATTENTION, Alert.Level.ERROR, "mee6-sync: a " + label + " run needs an "
                    + "operator now (" + consecutiveFailures + " consecutive " + label + " failures). " + lastError,
                    runId, attentionKey, Set.of(attentionKey)));
        } else if (consecutiveFailures >= threshold && alertedAt == null) {
            owed.add(alert(Alert.Kind.OUTAGE, Alert.Level.ERROR, "mee6-sync: " + consecutiveFailures
                    + " consecutive " + label + " failures. Last error: " + lastError, runId, "consecutive-failures",
                    Set.of()));
        }
        if (finding != null && conditionSince != null) {
            Set<String> fresh = new TreeSet<>(finding.keys());
            fresh.removeAll(split(conditionAlertedKeys));
            if (conditionAlertedAt == null || !fresh.isEmpty()) {
                String more = conditionAlertedAt == null ? "" : " (new since the warning of " + conditionAlertedAt
                        + ": " + String.join(", ", fresh) + ")";
                owed.add(new Alert(Alert.Kind.WARNING, finding.level(), "mee6-sync: " + finding.text() + more,
                        List.of("mee6-sync", job, finding.kind(), Integer.toHexString(fresh.hashCode())),
                        tags(runId), finding.extras(), finding.keys()));
            }
        }
        if (conditionResolvedMessage != null) {
            owed.add(alert(Alert.Kind.RESOLVED, Alert.Level.INFO, conditionResolvedMessage, runId, "resolved",
                    Set.of()));
        }
        return owed;
    }

    private Alert alert(Alert.Kind kind, Alert.Level level, String message, String runId, String fingerprint,
            Set<String> keys) {
        Map<String, String> tags = tags(runId);
        if (kind == Alert.Kind.OUTAGE || kind == Alert.Kind.ATTENTION) {
            tags.put("failure_count", String.valueOf(consecutiveFailures));
            tags.put("last_error", String.valueOf(lastError));
        }
        return new Alert(kind, level, message, List.of("mee6-sync", job, fingerprint), tags, Map.of(), keys);
    }

    private Map<String, String> tags(String runId) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("job", job);
        tags.put("sync_id", runId);
        return tags;
    }

    // --- reads ---------------------------------------------------------------------------------------------------

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public String lastError() {
        return lastError;
    }

    private static Set<String> split(String lines) {
        return lines == null || lines.isEmpty() ? new TreeSet<>() : new TreeSet<>(Arrays.asList(lines.split("\n")));
    }

    /** The keys of {@code lines} and {@code more}, one a line. */
    private static String withKeys(String lines, Set<String> more) {
        Set<String> keys = split(lines);
        keys.addAll(more);
        return join(keys);
    }

    private static String join(Set<String> keys) {
        return keys.isEmpty() ? null : String.join("\n", new TreeSet<>(keys));
    }
}
