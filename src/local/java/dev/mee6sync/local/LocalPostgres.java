package dev.mee6sync.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server started from the zonky binaries on a free port, for {@code quarkus:dev} and the tests, so
 * neither needs Docker nor an installed database. One server per JVM, stopped by a shutdown hook.
 */
public final class LocalPostgres {

    private static final Logger LOG = Logger.getLogger(LocalPostgres.class);

    /**
     * Dev mode builds and restarts the application in fresh class loaders; a system property is what they all see, so
     * the server started by the first is reused by the others.
     */
    private static final String URL_PROPERTY = "mee6sync.local.postgres.jdbc-url";

    public static final String USERNAME = "postgres";

    private LocalPostgres() {
    }

    /** The JDBC URL of this JVM's embedded server, starting it on first use. */
    public static synchronized String jdbcUrl() {
        String url = System.getProperty(URL_PROPERTY);
        if (url != null) {
            return url;
        }
        long started = System.nanoTime();
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    // Throwaway data: durability settings only cost time here.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "100")
                    // lets tests and benchmarks count the statements a sync sends (CREATE EXTENSION to use it)
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .start();
            url = postgres.getJdbcUrl(USERNAME, "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
        }
        System.setProperty(URL_PROPERTY, url);
        LOG.infof("Embedded PostgreSQL started in %d ms at %s (user %s, no password)",
                (System.nanoTime() - started) / 1_000_000, url, USERNAME);
        return url;
    }

    /** Datasource properties that point Quarkus at the embedded server. */
    public static Map<String, String> datasourceProperties() {
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl(),
                "quarkus.datasource.username", USERNAME,
                "quarkus.datasource.password", "");
    }
}
