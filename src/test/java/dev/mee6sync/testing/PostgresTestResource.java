package dev.mee6sync.testing;

import java.util.Map;

import dev.mee6sync.local.LocalPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real PostgreSQL the tests run against: the embedded server (one per test JVM), or an external one when
 * {@code QUARKUS_DATASOURCE_JDBC_URL} is set (its database is emptied by the tests: use a throwaway one).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        if (System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null) {
            return Map.of();
        }
        return LocalPostgres.datasourceProperties();
    }

    @Override
    public void stop() {
        // the server lives as long as the test JVM (its shutdown hook stops it), shared by every test class
    }
}
