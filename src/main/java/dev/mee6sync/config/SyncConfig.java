package dev.mee6sync.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the jobs run and how the sync applies the ledger's rules (docs/configuration.md, "The jobs"), checked by
 * {@link SyncConfigCheck}.
 */
@ConfigMapping(prefix = "mee6")
public interface SyncConfig {

    /** Off unless set to {@code true}: a deployed but unconfigured function writes nothing. */
    @WithDefault("false")
    boolean syncEnabled();

    /** Consecutive failed runs of a job before ops get one Sentry alert for the outage. */
    @WithDefault("3")
    int alertAfterFailures();

    /** Members persisted per database transaction. */
    @WithDefault("500")
    int batchSize();

    /**
     * In-process trigger for {@code quarkus:dev} and long-running JVMs ({@code 30s}, {@code 1h}...). {@code off} in
     * Lambda, where EventBridge fires the function.
     */
    @WithDefault("off")
    String schedule();

    /**
     * The function's timeout (the template sets it from its {@code Timeout}). Bounds a run whose invocation gives no
     * deadline (a local run), and lets the start-up check say whether a full read of the board fits.
     */
    @WithDefault("15m")
    Duration functionTimeout();

    /** A run reads the whole board when the last completed full read is older than this. */
    @WithDefault("24h")
    Duration fullReadEvery();

    /** The most XP a member can earn in an hour (docs/ledger-rules.md, "A first reading must be plausible"). */
    @WithDefault("3000")
    long maxXpPerHour();

    /** The oldest event time accepted, before now (docs/ledger-rules.md, "Event times"). */
    @WithDefault("25h")
    Duration eventMaxAge();

    MassChange massChange();

    /** When one run would deduct many members at once, or the board shrank: refused until an operator decides. */
    interface MassChange {
        /** At least this many members would lose points... */
        @WithDefault("5")
        int minMembers();

        /** ...who are also at least this share of the members read with an earlier reading in their provenance. */
        @WithDefault("0.2")
        double share();
    }
}
