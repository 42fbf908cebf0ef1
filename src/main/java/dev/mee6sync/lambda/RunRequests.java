package dev.mee6sync.lambda;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.mee6sync.text.Durations;
import dev.mee6sync.job.Job;
import dev.mee6sync.job.RunIds;
import dev.mee6sync.job.RunRequest;
import dev.mee6sync.job.Triggers;
import dev.mee6sync.sync.MassChangeAction;
import dev.mee6sync.sync.XpSyncJob;
import dev.mee6sync.text.Text;

/**
 * Turns an event into the run it asks for: which job, under which run id, fired by what, at which time, with which
 * options. An event's time is a claim: it is accepted only within {@code [now - MEE6_EVENT_MAX_AGE, now + 5 min]}
 * (docs/ledger-rules.md, "Event times").
 */
public final class RunRequests {

    /** How far ahead of now an event's time may be: clocks differ a little, never by an hour. */
    private static final Duration MAX_AHEAD = Duration.ofMinutes(5);
    /** What a message shows of a refused value. */
    private static final int SHOWN_CHARS = 64;
    /** Run ids end up in logs, tags and rows: keep them short and plain. */
    private static final Pattern SAFE_RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}");

    private final Map<String, Job<?, ?>> jobs = new LinkedHashMap<>();
    private final Duration maxAge;
    private final Clock clock;

    /** @param maxAge {@code MEE6_EVENT_MAX_AGE}: the oldest event time accepted, before now */
    public RunRequests(Collection<? extends Job<?, ?>> jobs, Duration maxAge, Clock clock) {
        for (Job<?, ?> job : jobs) {
            this.jobs.put(job.spec().name(), job);
        }
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public Job<?, ?> job(RunRequest request) {
        return jobs.get(request.job());
    }

    /**
     * The run an event asks for; every delivery of one schedule tick is the same run, {@code <prefix>scheduled-<time>}.
     *
     * @throws InvalidEventException when the event cannot start a run ({@link EventTimeRefusedException} when its
     *                               time is outside the window)
     */
    public RunRequest from(LambdaEvent event) {
        if (event == null) {
            return manual(jobs.get(XpSyncJob.NAME), Map.of());
        }
        String name = event.job() == null ? XpSyncJob.NAME : event.job();
        Job<?, ?> job = jobs.get(name);
        if (job == null) {
            throw new InvalidEventException("job must be one of " + new TreeSet<>(jobs.keySet()) + " (none: the XP "
                    + "sync), got '" + Text.abbreviate(name, SHOWN_CHARS) + "'");
        }
        Map<String, String> options = options(job, event);
        if (event.syncId() != null) {
            if (!SAFE_RUN_ID.matcher(event.syncId()).matches()) {
                throw new InvalidEventException("syncId must be 1 to 128 letters, digits or ._:+- (starting with a "
                        + "letter or digit), got '" + Text.abbreviate(event.syncId(), SHOWN_CHARS) + "'");
            }
            Instant time = event.scheduledTime() == null ? null : time(name, event.scheduledTime(), "scheduledTime");
            return new RunRequest(name, event.syncId(), Triggers.MANUAL, time, options);
        }
        if (event.scheduledTime() != null) {
            Instant time = time(name, event.scheduledTime(), "scheduledTime");
            return new RunRequest(name, RunIds.scheduled(job.spec().scheduledIdPrefix(), time),
                    Triggers.EVENTBRIDGE_SCHEDULER, time, options);
        }
        if (event.time() != null && isScheduled(event)) {
            Instant time = time(name, event.time(), "time");
            return new RunRequest(name, RunIds.scheduled(job.spec().scheduledIdPrefix(), time), source(event), time,
                    options);
        }
        return manual(job, options);
    }

    private static RunRequest manual(Job<?, ?> job, Map<String, String> options) {
        return new RunRequest(job.spec().name(), RunIds.fresh(job.spec().idPrefix()), Triggers.MANUAL, null, options);
    }

    private static Map<String, String> options(Job<?, ?> job, LambdaEvent event) {
        Map<String, String> options = new LinkedHashMap<>();
        if (event.massChange() != null) {
            try {
                MassChangeAction.parse(event.massChange());
            } catch (IllegalArgumentException e) {
                throw new InvalidEventException(e.getMessage());
            }
            options.put(MassChangeAction.OPTION, event.massChange());
        }
        if (event.fullRead() != null) {
            options.put(XpSyncJob.FULL_READ_OPTION, event.fullRead().toString());
        }
        for (String option : options.keySet()) {
            if (!job.spec().options().contains(option)) {
                throw new InvalidEventException(option + " is an option of the XP sync (no job, or \"job\": \""
                        + XpSyncJob.NAME + "\"), not of job " + job.spec().name());
            }
        }
        return options;
    }

    private static boolean isScheduled(LambdaEvent event) {
        return "Scheduled Event".equals(event.detailType()) || "aws.scheduler".equals(event.source())
                || "aws.events".equals(event.source());
    }

    private static String source(LambdaEvent event) {
        return "aws.scheduler".equals(event.source()) ? Triggers.EVENTBRIDGE_SCHEDULER : Triggers.EVENTBRIDGE_RULE;
    }

    /** The event's time, when it is an instant inside the window. */
    private Instant time(String job, String value, String field) {
        Instant time;
        try {
            time = Instant.parse(value); // one spelling per instant
        } catch (DateTimeParseException e) {
            String which = field.equals("time") ? "The event's time" : "The event's " + field;
            throw new InvalidEventException(which + " is not an ISO-8601 instant: '"
                    + Text.abbreviate(value, SHOWN_CHARS) + "'");
        }
        Instant now = clock.instant();
        Instant oldest = now.minus(maxAge);
        Instant latest = now.plus(MAX_AHEAD);
        if (time.isBefore(oldest) || time.isAfter(latest)) {
            throw new EventTimeRefusedException(job, "Event refused before any work: its " + field + " " + time
                    + " is outside the accepted window [" + oldest + ", " + latest + "] (now - MEE6_EVENT_MAX_AGE="
                    + Durations.human(maxAge) + " to now + " + Durations.human(MAX_AHEAD) + "): an event's time is "
                    + "only a claim, "
                    + "and a time outside the window would move streak days, full reads and the plausibility bound. "
                    + "Nothing was written. To run by hand, invoke without a time: {" + (job.equals(XpSyncJob.NAME)
                            ? "" : "\"job\": \"" + job + "\"") + "} (or resume a run with its \"syncId\" alone)");
        }
        return time;
    }
}
