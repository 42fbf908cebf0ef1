package dev.mee6sync.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

/** Direct SQL for tests: set the database up and read it back, independently of the code under test. */
@ApplicationScoped
public class TestDatabase {

    private final AgroalDataSource dataSource;

    /** The reset's first transaction (the benchmarks' database resets the same way). */
    public static final List<String> RESET_WITHOUT_TRIGGERS = List.of("SET LOCAL session_replication_role = replica",
            "TRUNCATE discord_activity, point_transaction, sync_run, streak_day, member RESTART IDENTITY CASCADE");
    /**
     * Then each job's control row as a new install has it (the other jobs' rows come with their first run), no board
     * memory, and the default rate.
     */
    public static final List<String> RESET_AFTER = List.of("DELETE FROM sync_state",
            "INSERT INTO sync_state (job) VALUES ('mee6')", "DELETE FROM board_state",
            "UPDATE point_config SET points = 1, enabled = true WHERE action = 'discord_activity'");

    public TestDatabase(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Back to the state right after the migrations. The ledger refuses DELETE and TRUNCATE by design, so the tests'
     * reset turns the triggers off for its own transaction only, as a DBA restoring a throwaway database would.
     */
    public void reset() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            for (String sql : RESET_WITHOUT_TRIGGERS) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.execute();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("reset: " + e.getMessage(), e);
        }
        RESET_AFTER.forEach(this::execute);
    }


    public long insertMember(String discordId) {
        return queryLong("INSERT INTO member (discord_id) VALUES (?) RETURNING id", discordId);
    }

    /** Links {@code count} members with ids {@code base + 0 .. base + count - 1}, in one statement. */
    public void insertMembers(long firstDiscordId, int count) {
        execute("INSERT INTO member (discord_id) SELECT (" + firstDiscordId + " + g)::text FROM generate_series(0, "
                + (count - 1) + ") g");
    }

    public void execute(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public long queryLong(String sql, Object... params) {
        List<List<Object>> rows = query(sql, params);
        if (rows.isEmpty() || rows.get(0).get(0) == null) {
            throw new IllegalStateException("no value for " + sql);
        }
        return ((Number) rows.get(0).get(0)).longValue();
    }

    /** The member's balance, {@code member.total_points}. */
    public long balance(long memberId) {
        return queryLong("SELECT total_points FROM member WHERE id = ?", memberId);
    }

    public List<List<Object>> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            List<List<Object>> rows = new ArrayList<>();
            if (!s.execute()) {
                return rows;
            }
            try (ResultSet rs = s.getResultSet()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(columns);
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code sql} and returns the database's error message, or fails when the statement succeeds. */
    public String expectError(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            s.execute();
        } catch (SQLException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an error from: " + sql);
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
    }

    /** Every member whose balance differs from the sum of its ledger: must always be empty. */
    public List<List<Object>> balanceMismatches() {
        return query("SELECT m.id, m.total_points, coalesce(sum(t.points), 0) FROM member m "
                + "LEFT JOIN point_transaction t ON t.member_id = m.id GROUP BY m.id "
                + "HAVING m.total_points <> coalesce(sum(t.points), 0)");
    }
}
