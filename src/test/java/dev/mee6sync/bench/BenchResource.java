package dev.mee6sync.bench;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mee6sync.local.LocalPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts what the benchmarked application talks to: the embedded PostgreSQL (as the tests do), and the
 * {@link BenchSidecar} with the leaderboard stand-in and the counting proxy in front of that PostgreSQL. The application's
 * datasource goes through the proxy; the benchmark's own SQL (setup, pg_stat_statements) goes straight to the server,
 * so the proxy counts the application's traffic only. Addresses are passed on in system properties, which every class
 * loader of the test sees.
 */
public class BenchResource implements QuarkusTestResourceLifecycleManager {

    static final String DIRECT_URL = "mee6sync.bench.direct-jdbc-url";
    static final String PROXY_URL = "mee6sync.bench.proxy-jdbc-url";
    static final String BOARD_URL = "mee6sync.bench.board-url";
    static final String PROXY_PORT = "mee6sync.bench.proxy-port";

    private Sidecar sidecar;

    @Override
    public Map<String, String> start() {
        String directUrl = LocalPostgres.jdbcUrl();
        Matcher port = Pattern.compile("//[^:/]+:(\\d+)/").matcher(directUrl);
        if (!port.find()) {
            throw new IllegalStateException("No port in " + directUrl);
        }
        sidecar = Sidecar.start(Integer.parseInt(port.group(1)));
        // no TLS through the proxy (it reads the protocol); loopback only
        String proxyUrl = "jdbc:postgresql://127.0.0.1:" + sidecar.proxyPort() + "/postgres?sslmode=disable&gssEncMode=disable";
        System.setProperty(DIRECT_URL, directUrl);
        System.setProperty(PROXY_URL, proxyUrl);
        System.setProperty(BOARD_URL, sidecar.boardUrl());
        System.setProperty(PROXY_PORT, String.valueOf(sidecar.proxyPort()));
        return Map.of(
                "quarkus.datasource.jdbc.url", proxyUrl,
                "quarkus.datasource.username", LocalPostgres.USERNAME,
                "quarkus.datasource.password", "",
                "mee6.api-url", sidecar.boardUrl(),
                "mee6.guild-id", BenchBoard.GUILD_ID);
    }

    @Override
    public void stop() {
        if (sidecar != null) {
            sidecar.close();
        }
    }
}
