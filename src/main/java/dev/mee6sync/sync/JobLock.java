package dev.mee6sync.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * Keeps two runs from processing members at once (two runs computing deltas from the same state would pay the same
 * XP twice under different sync ids). A PostgreSQL session advisory lock, held on the connection the run writes
 * with: if that connection dies, the lock goes with it, and so do the run's writes.
 */
@ApplicationScoped
public class JobLock {

    private static final Logger LOG = Logger.getLogger(JobLock.class);

    /** "mee6" in ASCII: any constant works, as long as every deployment of the job uses the same one. */
    static final long KEY = 0x6d656536L;

    public boolean tryAcquire(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, KEY);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    /** Releases the lock; a failure here means the connection is gone, and the lock with it. */
    public void release(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                statement.setLong(1, KEY);
                statement.execute();
            }
        } catch (SQLException e) {
            LOG.debugf("Job lock not released (%s): its connection is gone, and the lock with it", e.getMessage());
        }
    }
}
