package dev.mee6sync.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mee6sync.testing.TestDatabase;

/**
 * Database faults at a chosen point of a sync, made deterministic with test-only triggers (names start with
 * {@code reliability_}; {@link #clear()} drops them).
 * <p>
 * <b>Terminating the sync's connection mid-persist.</b> A backend cannot cleanly terminate itself from a trigger (it
 * would be killing the statement that is running the trigger, and the timing would depend on when it checks for
 * interrupts), and a {@code pg_sleep} gives a race against a wall clock. Instead a trigger on {@code discord_activity}
 * takes an advisory lock (the <em>gate</em>) that the test holds, for one member of one sync id: the sync's backend
 * blocks there, in the middle of a batch's INSERT with earlier rows of that batch already inserted (uncommitted). The
 * test finds it in {@code pg_locks} (the only waiter on the gate), calls {@code pg_terminate_backend} on it, and only
 * then lets the gate go. No sleeps, no timing assumptions.
 * <p>
 * <b>A statement timeout.</b> The pool's connections run {@code SET statement_timeout = '60s'} when opened, so a
 * role or database setting would not reach them, and a {@code SET} issued inside a statement does not re-arm the
 * timer of that statement. So the trigger that sees the chosen member's activity row sets
 * {@code SET LOCAL statement_timeout = 300ms} (it lasts until that batch's transaction ends), and a statement trigger
 * on {@code point_transaction} sleeps 3 s, but only in that transaction: the batch's next statement, its point
 * transactions, is cancelled by PostgreSQL's real statement timeout (SQLState 57014). The batch must write at least one
 * point transaction for this to fire.
 */
@ApplicationScoped
public class DatabaseFaults {

    /** The gate's advisory lock key (small: {@code classid} 0, {@code objid} the key). */
    static final long GATE = 0x6761_7465L;
    /** {@code JobLock.KEY}, "mee6" in ASCII: the job lock every run holds on its own connection. */
    static final long JOB_LOCK = 0x6d656536L;

    private final TestDatabase db;

    public DatabaseFaults(TestDatabase db) {
        this.db = db;
    }

    /** Drops every injected trigger. */
    public void clear() {
        db.execute("""
                DROP TRIGGER IF EXISTS reliability_gate ON discord_activity;
                DROP TRIGGER IF EXISTS reliability_gate ON sync_state;
                DROP FUNCTION IF EXISTS reliability_gate();
                DROP TRIGGER IF EXISTS reliability_timeout_arm ON discord_activity;
                DROP FUNCTION IF EXISTS reliability_timeout_arm();
                DROP TRIGGER IF EXISTS reliability_timeout_slow ON point_transaction;
                DROP FUNCTION IF EXISTS reliability_timeout_slow();
                """);
    }

    /**
     * The sync's backend will block when it inserts the activity row of {@code memberId} for {@code syncId}, until the
     * returned gate is closed. Close it (try-with-resources) after {@link Gate#terminateBlockedBackend}.
     */
    Gate gateBefore(String syncId, long memberId) throws SQLException {
        return gate("discord_activity", "BEFORE INSERT",
                "NEW.member_id = %d AND NEW.sync_id = %s".formatted(memberId, literal(syncId)));
    }

    /** Any run will block when it inserts the activity row of {@code memberId}, whatever its sync id. */
    Gate gateBeforeActivityOf(long memberId) throws SQLException {
        return gate("discord_activity", "BEFORE INSERT", "NEW.member_id = %d".formatted(memberId));
    }

    /** A run will block when it records its success in {@code sync_state} (the failure counter's reset). */
    Gate gateBeforeSuccessIsRecorded() throws SQLException {
        return gate("sync_state", "BEFORE UPDATE",
                "NEW.consecutive_failures = 0 AND NEW.last_success_at IS DISTINCT FROM OLD.last_success_at");
    }

    private Gate gate(String table, String event, String condition) throws SQLException {
        Connection holder = db.connection();
        Gate gate = new Gate(holder);
        gate.lock("SELECT pg_advisory_lock(?)");
        db.execute("""
                CREATE FUNCTION reliability_gate() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_advisory_xact_lock(%d);
                    RETURN NEW;
                END $$;
                CREATE TRIGGER reliability_gate %s ON %s FOR EACH ROW WHEN (%s) EXECUTE FUNCTION reliability_gate();
                """.formatted(GATE, event, table, condition));
        return gate;
    }

    /** A real statement timeout in the batch that holds {@code memberId}'s activity row for {@code syncId}. */
    void statementTimeoutInBatchOf(String syncId, long memberId) {
        db.execute("""
                CREATE FUNCTION reliability_timeout_arm() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM set_config('statement_timeout', '300ms', true);
                    PERFORM set_config('reliability.slow', 'on', true);
                    RETURN NEW;
                END $$;
                CREATE TRIGGER reliability_timeout_arm BEFORE INSERT ON discord_activity FOR EACH ROW
                    WHEN (NEW.member_id = %d AND NEW.sync_id = %s) EXECUTE FUNCTION reliability_timeout_arm();
                CREATE FUNCTION reliability_timeout_slow() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF current_setting('reliability.slow', true) = 'on' THEN
                        PERFORM pg_sleep(3);
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER reliability_timeout_slow BEFORE INSERT ON point_transaction FOR EACH STATEMENT
                    EXECUTE FUNCTION reliability_timeout_slow();
                """.formatted(memberId, literal(syncId)));
    }

    /** The backend that holds the job lock, waiting up to {@code timeout} for one to take it. */
    int awaitJobLockHolder(Duration timeout) {
        return awaitBackend("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = 0 "
                + "AND objid = ? AND objsubid = 1", JOB_LOCK, timeout);
    }

    boolean jobLockHeld() {
        return db.queryLong("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = ? "
                + "AND objsubid = 1", JOB_LOCK) > 0;
    }

    /** Terminates a backend, as an operator, a failover or a dead NAT entry would end its connection. */
    void terminate(int pid) {
        db.execute("SELECT pg_terminate_backend(?)", pid);
        // pg_terminate_backend only signals: wait until the backend is gone, so its locks are released
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE pid = ?", pid) > 0) {
            if (System.nanoTime() > until) {
                throw new AssertionError("backend " + pid + " still there 10 s after pg_terminate_backend");
            }
            pause();
        }
    }

    private int awaitBackend(String sql, long key, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            var rows = db.query(sql, key);
            if (!rows.isEmpty()) {
                return ((Number) rows.get(0).get(0)).intValue();
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("no backend reached advisory lock " + key + " within " + timeout);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A SQL string literal for DDL, which takes no bound parameters (test-only, test-chosen values). */
    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** The gate held by the test; closing it lets any waiter through and drops the trigger. */
    final class Gate implements AutoCloseable {
        private final Connection holder;
        private boolean open;

        private Gate(Connection holder) {
            this.holder = holder;
        }

        /** Waits for a backend to block on the gate; returns its pid. */
        int awaitBlockedBackend() {
            return awaitBackend("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                    + "AND classid = 0 AND objid = ? AND objsubid = 1", GATE, Duration.ofSeconds(20));
        }

        /** Waits for the sync's backend to block on the gate and terminates it; returns its pid. */
        int terminateBlockedBackend() {
            int pid = awaitBlockedBackend();
            terminate(pid);
            return pid;
        }

        /** Lets the waiters through (the trigger stays until {@link #close()}). */
        void open() throws SQLException {
            if (!open) {
                lock("SELECT pg_advisory_unlock(?)");
                open = true;
            }
        }

        private void lock(String sql) throws SQLException {
            try (PreparedStatement statement = holder.prepareStatement(sql)) {
                statement.setLong(1, GATE);
                statement.execute();
            }
        }

        @Override
        public void close() throws SQLException {
            try (holder) {
                open();
            } finally {
                clear();
            }
        }
    }
}
