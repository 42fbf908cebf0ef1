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
 * Keeps two runs of a job from working at once (two syncs computing deltas from the same state would pay the same XP
 * twice under different sync ids). A PostgreSQL session advisory lock per job, held on a connection of its own for
 * the whole run.
 * <p>
 * Why an advisory lock rather than a lease row: it ends the moment the process does (Lambda kills a run at its
 * timeout; the lock goes with the connection), so a crashed run never blocks the next one and no clock or expiry is
 * involved. The price is one connection held for the run (the pool's second is for the transactions), and a fence:
 * the run's transactions use other connections than the lock's, so each one checks, inside one of its statements
 * ({@code assert_job_lock} of V3, bound by {@link Run#bindFence}), that the
 * lock's backend still holds it, and keeps the job's {@code sync_state} row shared until it commits; a run that takes
 * the lock next locks that row before anything else, so it waits for such a transaction and then sees what it wrote.
 */
@ApplicationScoped
public class JobLock {

    private static final Logger LOG = Logger.getLogger(JobLock.class);

    /** V3's assert_job_lock: fails the transaction unless the lock's backend holds it; shares the job's row. */
    private static final String FENCE = "SELECT assert_job_lock(?, ?, ?)";

    private final AgroalDataSource dataSource;
    private final Session session;

    public JobLock(AgroalDataSource dataSource, Session session) {
        this.dataSource = dataSource;
        this.session = session;
    }

    /**
     * The job's lock key: its name's ASCII bytes as a number ({@code "mee6"} is {@code 0x6d656536}), the same in every
     * deployment of the job.
     */
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
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?), pg_backend_pid()")) {
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
            try (connection; PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                statement.setLong(1, key);
                statement.execute();
            } catch (SQLException e) {
                LOG.debugf("Job lock of %s not released (%s): its connection is gone, and the lock with it", job,
                        e.getMessage());
            }
        }
    }
}
