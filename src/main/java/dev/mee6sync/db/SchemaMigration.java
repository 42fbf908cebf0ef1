package dev.mee6sync.db;

import jakarta.enterprise.context.ApplicationScoped;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Brings the schema up to date once per process, before its first run: in Lambda in the first invocation, not at
 * start-up (docs/architecture.md, "Schema migrations"). An up-to-date schema costs one query of the history table.
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
