package dev.mee6sync.job;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;

/**
 * Keeps two runs of a job from working at once: a PostgreSQL session advisory lock per job, held on a connection of
 * its own for the whole run, and fenced in the run's transactions (docs/architecture.md, "The job lock").
 */
@ApplicationScoped
public class JobLock {

    private static final Logger LOG = Logger.getLogger(JobLock.class);

    /** V3's assert_job_lock: fails the transaction unless the lock's backend holds it; shares the job's row. */
    private static final String FENCE = "SELECT assert_job_lock(?, ?, ?)";
    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(?), pg_backend_pid()";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(?)";

    private final AgroalDataSource dataSource;
    private final Session session;

    public JobLock(AgroalDataSource dataSource, Session session) {
        this.dataSource = dataSource;
        this.session = session;
    }

    /** The job's lock key: its name's ASCII bytes as a number ({@code "mee6"} is {@code 0x6d656536}). */
    public static long key(String job) {
        byte[] bytes = job.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > 8) {
            throw new IllegalArgumentException("A job name has at most 8 characters: " + job);
        }
        long key = 0;
        for (byte b : bytes) {
            key = key << 8 | (b & 0xff);
        }
        return key;
    }

    /** Takes the job's lock on a connection of its own; empty when another run holds it. Outside any transaction. */
    public Optional<Held> tryAcquire(String job) throws SQLException {
        long key = key(job);
        Connection connection = dataSource.getConnection();
        try (PreparedStatement statement = connection.prepareStatement(TRY_LOCK)) {
            statement.setLong(1, key);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                if (row.getBoolean(1)) {
                    return Optional.of(new Held(job, key, connection, row.getInt(2)));
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return Optional.empty();
    }

    /** A held job lock; closing it releases the lock and its connection. */
    public final class Held implements AutoCloseable {
        private final String job;
        private final long key;
        private final Connection connection;
        private final int pid;

        private Held(String job, long key, Connection connection, int pid) {
            this.job = job;
            this.key = key;
            this.connection = connection;
            this.pid = pid;
        }

        int holder() {
            return pid;
        }

        /** See {@link Run#fence()}: inside the caller's transaction. */
        void fence() {
            session.doWork(c -> {
                try (PreparedStatement statement = c.prepareStatement(FENCE)) {
                    statement.setString(1, job);
                    statement.setLong(2, key);
                    statement.setInt(3, pid);
                    statement.execute();
                }
            });
        }

        /** Releases the lock; a failure here means its connection is gone, and the lock with it. */
        @Override
        public void close() {
            try (connection; PreparedStatement statement = connection.prepareStatement(UNLOCK)) {
                statement.setLong(1, key);
                statement.execute();
            } catch (SQLException e) {
                LOG.debugf("Job lock of %s not released (%s): its connection is gone, and the lock with it", job,
                        e.getMessage());
            }
        }
    }
}
