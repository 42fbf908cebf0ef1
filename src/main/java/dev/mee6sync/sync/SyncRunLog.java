package dev.mee6sync.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;

/** The {@code sync_run} row of each sync id: what operators query to see the runs and their stats. */
@ApplicationScoped
public class SyncRunLog {

    static final String ABANDONED = "The run stopped without recording its end (a Lambda timeout or a crash); "
            + "a re-run of its sync id resumes it";

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    public SyncRunLog(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /**
     * Closes the runs still marked RUNNING although the caller holds the job lock: their process stopped without
     * recording an end (a Lambda timeout, a crash). Returns their sync ids: each one is a failed run.
     */
    public List<String> closeAbandoned(Connection connection) throws SQLException {
        List<String> abandoned = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE sync_run SET status = 'FAILED', completed_at = now(), error = ?
                WHERE status = 'RUNNING'
                RETURNING sync_id
                """)) {
            statement.setString(1, ABANDONED);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    abandoned.add(rows.getString(1));
                }
            }
        }
        return abandoned;
    }

    /**
     * Marks the sync id as running: its first attempt, or again after a failed or interrupted one. Returns the
     * attempt's number, or 0 when the sync id already completed (a duplicate delivery, with nothing left to do).
     */
    public int start(Connection connection, SyncTrigger trigger) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO sync_run (sync_id, trigger, status) VALUES (?, ?, 'RUNNING')
                ON CONFLICT (sync_id) DO UPDATE
                    SET status = 'RUNNING', attempts = sync_run.attempts + 1, completed_at = NULL, error = NULL
                    WHERE sync_run.status <> 'COMPLETED'
                RETURNING attempts
                """)) {
            statement.setString(1, trigger.syncId());
            statement.setString(2, trigger.source());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getInt(1) : 0;
            }
        }
    }

    /** Records the end of the run, on a fresh connection: the run's own may be what failed. */
    public void finish(SyncStats stats) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        UPDATE sync_run SET status = ?, completed_at = ?, stats = ?::jsonb, error = ?
                        WHERE sync_id = ?
                        """)) {
            statement.setString(1, stats.status().name());
            statement.setTimestamp(2, Timestamp.from(stats.completedAt()));
            statement.setString(3, toJson(stats));
            statement.setString(4, stats.status() == SyncStatus.FAILED ? stats.message() : null);
            statement.setString(5, stats.syncId());
            statement.executeUpdate();
        }
    }

    private String toJson(SyncStats stats) {
        try {
            return json.writeValueAsString(stats);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise the stats of sync " + stats.syncId(), e);
        }
    }
}
