package dev.mee6sync.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the jobs run and how the sync applies the ledger's rules ({@code MEE6_*}, like the MEE6 client's own settings
 * in {@code Mee6Config}). In Lambda each property comes from the environment variable of the same name in upper
 * snake case ({@code mee6.batch-size} is {@code MEE6_BATCH_SIZE}). Checked by {@link SyncConfigCheck}.
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

    /**
     * The most XP a member can plausibly earn in an hour: MEE6 awards 15 to 25 XP for a message, at most once a minute
     * (1,500 XP an hour), and a server's XP rate can double that. A first reading above this many XP per hour since
     * the member's first row is taken as a baseline, not paid from 0.
     */
    @WithDefault("3000")
    long maxXpPerHour();

    /**
     * The oldest event time accepted, before now: a scheduled event older than this, or more than 5 minutes ahead, is
     * refused before any work. EventBridge Scheduler retries a target for at most 24 h.
     */
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
