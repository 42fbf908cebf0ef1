package dev.mee6sync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts what the benchmarked application talks to: an embedded PostgreSQL 14 (the tests' settings, see
 * {@code LocalPostgres}, with {@code shared_buffers} from {@code -Dbench.pg.shared-buffers}, default 128MB), and the
 * {@link BenchSidecar} with the leaderboard stand-in and the counting proxy in front of that PostgreSQL. The
 * application's datasource goes through the proxy; the benchmark's own SQL (setup, pg_stat_statements) goes straight to
 * the server, so the proxy counts the application's traffic only. Addresses are passed on in system properties, which
 * every class loader of the test sees.
 */
public class BenchResource implements QuarkusTestResourceLifecycleManager {

    static final String DIRECT_URL = "mee6sync.bench.direct-jdbc-url";
    /** Where the application and the COPY floor connect: the proxy, or the server with {@code -Dbench.proxy=false}. */
    static final String APP_URL = "mee6sync.bench.app-jdbc-url";
    static final String BOARD_URL = "mee6sync.bench.board-url";
    static final String PROXY_PORT = "mee6sync.bench.proxy-port";

    private EmbeddedPostgres postgres;
    private Sidecar sidecar;

    @Override
    public Map<String, String> start() {
        try {
            // the tests' settings (LocalPostgres), with the cache size as a knob: -Dbench.pg.shared-buffers
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("shared_buffers", System.getProperty("bench.pg.shared-buffers", "128MB").trim())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
        }
        String directUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        sidecar = Sidecar.start(postgres.getPort());
        // no TLS through the proxy (it reads the protocol); loopback only
        String proxyUrl = "jdbc:postgresql://127.0.0.1:" + sidecar.proxyPort()
                + "/postgres?sslmode=disable&gssEncMode=disable";
        System.setProperty(DIRECT_URL, directUrl);
        // -Dbench.proxy=false: no counting hop, to see what the proxy itself costs (round trips are then not counted)
        String appUrl = Boolean.parseBoolean(System.getProperty("bench.proxy", "true").trim()) ? proxyUrl
                : directUrl + "?sslmode=disable";
        System.setProperty(APP_URL, appUrl);
        System.setProperty(BOARD_URL, sidecar.boardUrl());
        System.setProperty(PROXY_PORT, String.valueOf(sidecar.proxyPort()));
        return Map.of(
                "quarkus.datasource.jdbc.url", appUrl,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "",
                "mee6.api-url", sidecar.boardUrl(),
                "lurkr.api-url", sidecar.boardUrl(),
                "mee6.guild-id", BenchBoard.GUILD_ID);
    }

    @Override
    public void stop() {
        if (sidecar != null) {
            sidecar.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                // the JVM is ending anyway
            }
        }
    }
}
