package dev.mee6sync.db;

import jakarta.enterprise.context.ApplicationScoped;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Brings the schema up to date once per process, before its first run. In Lambda this happens in the first
 * invocation of each execution environment rather than at start-up ({@code %prod.quarkus.flyway.migrate-at-start=false}):
 * <ul>
 * <li>the database password comes from Secrets Manager through the secrets extension, which answers only during
 * invocations;</li>
 * <li>an invocation has the function's timeout (minutes), where start-up has Lambda's 10-second INIT limit;</li>
 * <li>a failed migration fails that invocation with its error in the log (and the Errors alarm, and an ERROR
 * check-in), instead of a crash loop at start-up.</li>
 * </ul>
 * Flyway takes a PostgreSQL advisory lock for the migration and reserved concurrency 1 keeps a single execution
 * environment, so two migrations never run at once; an up-to-date schema costs one query of the history table.
 */
@ApplicationScoped
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class);

    private final Flyway flyway;
    private volatile boolean migrated;

    public SchemaMigration(Flyway flyway) {
        this.flyway = flyway;
    }

    public void ensureMigrated() {
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (!migrated) {
                MigrateResult result = flyway.migrate();
                String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
                        : result.initialSchemaVersion;
                LOG.infof("Database schema at version %s (%d migration(s) applied now)", version,
                        result.migrationsExecuted);
                migrated = true;
            }
        }
    }
}
