package dev.mee6sync.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Registers {@link PostgresTestResource} for every {@code @QuarkusTest} (test resources are global unless
 * restricted), so all test classes share one application start and one database.
 */
@QuarkusTestResource(PostgresTestResource.class)
public final class UsesPostgres {
    private UsesPostgres() {
    }
}
