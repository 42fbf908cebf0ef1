package dev.mee6sync.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

/**
 * The consecutive-failure counter in {@code sync_state}: Lambda keeps no memory between runs, the database does.
 * Each update is one atomic statement, and the decision to alert is taken inside it ({@code alerted_at} goes from
 * null to set exactly once per outage), so concurrent or repeated runs cannot alert twice.
 */
@ApplicationScoped
public class FailureCounter {

    static final String JOB = "mee6";

    private final AgroalDataSource dataSource;

    public FailureCounter(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param consecutiveFailures the count including this failure
     * @param alertNow            this failure reached the threshold first in the current outage: alert ops once
     */
    public record Failure(int consecutiveFailures, boolean alertNow) {
    }

    /**
     * @param failuresBefore failures in a row before this success
     * @param alertedAt      when ops were alerted of the outage that this success ends; null if they were not
     */
    public record Success(int failuresBefore, Instant alertedAt) {
        public boolean endsAlertedOutage() {
            return alertedAt != null;
        }
    }

    public Failure recordFailure(String error, int alertThreshold) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            ensureRow(connection);
            try (PreparedStatement statement = connection.prepareStatement("""
                    WITH old AS (SELECT alerted_at FROM sync_state WHERE job = ? FOR UPDATE)
                    UPDATE sync_state s
                    SET consecutive_failures = s.consecutive_failures + 1,
                        last_failure_at = now(),
                        last_error = ?,
                        alerted_at = CASE WHEN s.alerted_at IS NULL AND s.consecutive_failures + 1 >= ? THEN now()
                                          ELSE s.alerted_at END,
                        updated_at = now()
                    FROM old
                    WHERE s.job = ?
                    RETURNING s.consecutive_failures, old.alerted_at IS NULL AND s.alerted_at IS NOT NULL
                    """)) {
                statement.setString(1, JOB);
                statement.setString(2, error);
                statement.setInt(3, alertThreshold);
                statement.setString(4, JOB);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return new Failure(row.getInt(1), row.getBoolean(2));
                }
            }
        }
    }

    public Success recordSuccess() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            ensureRow(connection);
            try (PreparedStatement statement = connection.prepareStatement("""
                    WITH old AS (SELECT consecutive_failures, alerted_at FROM sync_state WHERE job = ? FOR UPDATE)
                    UPDATE sync_state s
                    SET consecutive_failures = 0, last_success_at = now(), alerted_at = NULL, updated_at = now()
                    FROM old
                    WHERE s.job = ?
                    RETURNING old.consecutive_failures, old.alerted_at
                    """)) {
                statement.setString(1, JOB);
                statement.setString(2, JOB);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    Timestamp alertedAt = row.getTimestamp(2);
                    return new Success(row.getInt(1), alertedAt == null ? null : alertedAt.toInstant());
                }
            }
        }
    }

    /** The row is seeded by the migration; recreate it if someone deleted it, rather than lose the count. */
    private static void ensureRow(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO sync_state (job) VALUES (?) ON CONFLICT (job) DO NOTHING")) {
            statement.setString(1, JOB);
            statement.executeUpdate();
        }
    }
}
