package dev.mee6sync.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import dev.mee6sync.local.LocalPostgres;

/**
 * The embedded test database has no password. For a meaningful "the password never leaks" check, {@link
 * SecurityTest} connects as a role that has one: this creates it on the embedded server (a test-only superuser, so the
 * tests' own SQL keeps working) and makes the server ask for its password (SCRAM, a line at the top of
 * {@code pg_hba.conf}, written by the server itself with COPY so it works whatever user the tests run as). Against an
 * external database ({@code QUARKUS_DATASOURCE_JDBC_URL}) nothing is created: its configured password is the one
 * checked.
 */
final class SecretRole {

    static final String ROLE = "mee6_sync_secret_test";
    static final String PASSWORD = "db-pass.SECRET-4e8b2a6d0c1f9a37";

    private SecretRole() {
    }

    static boolean external() {
        return System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null;
    }

    /** The password the application connects with in {@link SecurityTest}: ours, or the external database's. */
    static String password() {
        return external() ? System.getenv().getOrDefault("QUARKUS_DATASOURCE_PASSWORD", "") : PASSWORD;
    }

    /** Datasource overrides for the application (none against an external database). */
    static synchronized Map<String, String> datasourceOverrides() {
        if (external()) {
            return Map.of();
        }
        try (Connection admin = admin()) {
            createRole(admin);
            requirePassword(admin);
        } catch (SQLException e) {
            throw new IllegalStateException("could not set up the test role " + ROLE + ": " + e.getMessage(), e);
        }
        Map<String, String> overrides = new HashMap<>();
        overrides.put("quarkus.datasource.jdbc.url", url());
        overrides.put("quarkus.datasource.username", ROLE);
        overrides.put("quarkus.datasource.password", PASSWORD);
        return overrides;
    }

    /** The embedded server's URL without its {@code ?user=postgres}, which would win over the username property. */
    static String url() {
        return LocalPostgres.jdbcUrl().replaceFirst("\\?.*$", "");
    }

    /** A superuser connection to the embedded server (trust authentication for {@code postgres}). */
    static Connection admin() throws SQLException {
        return DriverManager.getConnection(LocalPostgres.jdbcUrl(), LocalPostgres.USERNAME, "");
    }

    /** Changes the role's password (to make the server refuse the application's connections), or restores it. */
    static void setPassword(String password) throws SQLException {
        try (Connection admin = admin(); Statement s = admin.createStatement()) {
            s.execute("ALTER ROLE " + ROLE + " PASSWORD " + literal(password));
        }
    }

    private static void createRole(Connection admin) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE + "') THEN "
                    + "CREATE ROLE " + ROLE + " LOGIN SUPERUSER; END IF; END $$");
            s.execute("ALTER ROLE " + ROLE + " PASSWORD " + literal(PASSWORD));
        }
    }

    /** Puts SCRAM lines for the role at the top of pg_hba.conf (once) and reloads the configuration. */
    private static void requirePassword(Connection admin) throws SQLException {
        String hbaFile;
        String hba;
        try (Statement s = admin.createStatement();
                ResultSet row = s.executeQuery("SELECT current_setting('hba_file'), "
                        + "pg_read_file(current_setting('hba_file'))")) {
            row.next();
            hbaFile = row.getString(1);
            hba = row.getString(2);
        }
        if (hba.contains(ROLE)) {
            return;
        }
        try (Statement s = admin.createStatement()) {
            // read into a table first: COPY truncates its target file before its query runs
            s.execute("""
                    CREATE TEMP TABLE hba_lines AS
                    SELECT 0 AS n, 'host all %1$s 127.0.0.1/32 scram-sha-256' AS line
                    UNION ALL SELECT 1, 'host all %1$s ::1/128 scram-sha-256'
                    UNION ALL SELECT 1 + o, replace(t, E'\\t', ' ')
                    FROM regexp_split_to_table(pg_read_file(current_setting('hba_file')), E'\\n')
                         WITH ORDINALITY AS x(t, o)
                    """.formatted(ROLE));
            s.execute("COPY (SELECT line FROM hba_lines ORDER BY n) TO " + literal(hbaFile));
            s.execute("DROP TABLE hba_lines");
            s.execute("SELECT pg_reload_conf()");
        }
        // the reload is asynchronous: wait until the server asks this role for its password
        long until = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < until) {
            if (!connects("not-the-password")) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("the server still accepts " + ROLE + " without its password");
    }

    /** Whether the role can connect with this password. */
    static boolean connects(String password) {
        try (Connection c = DriverManager.getConnection(url(), ROLE, password);
                PreparedStatement s = c.prepareStatement("SELECT 1")) {
            s.execute();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
