package dev.mee6sync.job;

import java.util.Set;

/** What fires a run: the {@code trigger} of its {@code sync_run} row and stats. */
public final class Triggers {

    /** An EventBridge rule's scheduled event. */
    public static final String EVENTBRIDGE_RULE = "eventbridge-rule";
    /** An EventBridge Scheduler schedule (the templates' schedules). */
    public static final String EVENTBRIDGE_SCHEDULER = "eventbridge-scheduler";
    /** An invocation by hand ({@code aws lambda invoke}, a local {@code curl}). */
    public static final String MANUAL = "manual";
    /** The in-process timer of {@code quarkus:dev}. */
    public static final String LOCAL_SCHEDULE = "local-schedule";

    private static final Set<String> SCHEDULED = Set.of(EVENTBRIDGE_RULE, EVENTBRIDGE_SCHEDULER);

    private Triggers() {
    }

    /** Whether the run comes from a schedule (and so checks in with the job's Sentry cron monitor). */
    public static boolean isScheduled(String trigger) {
        return SCHEDULED.contains(trigger);
    }
}
