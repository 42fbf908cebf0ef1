package dev.mee6sync.job;

import java.sql.SQLException;

/** A run's failure in words for operators: what failed, and what a re-run does. */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable cause, String runId) {
        if (cause instanceof JobFailure) {
            return cause.getMessage();
        }
        SQLException sql = sqlCause(cause);
        if (sql != null) {
            return "Database error: " + sql.getMessage()
                    + (sql.getSQLState() == null ? "" : " [SQLState " + sql.getSQLState() + "]")
                    + ". Batches committed before it stay complete; a re-run of " + runId + " resumes the rest";
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** Whether the failure is a bug (worth its stack trace) rather than the world failing. */
    static boolean unexpected(Throwable cause) {
        return cause instanceof RuntimeException && !(cause instanceof JobFailure) && sqlCause(cause) == null;
    }

    /** The database's own error behind the layers (Hibernate, the transaction manager) that wrap it. */
    private static SQLException sqlCause(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                SQLException inner = sqlCause(suppressed);
                if (inner != null) {
                    return inner;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
