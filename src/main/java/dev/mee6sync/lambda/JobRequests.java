package dev.mee6sync.lambda;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.mee6sync.job.Job;
import dev.mee6sync.job.JobRequest;
import dev.mee6sync.job.SyncIds;
import dev.mee6sync.job.Triggers;
import dev.mee6sync.sync.MassChangeAction;
import dev.mee6sync.sync.XpSyncJob;

/** Turns an event into the run it asks for: which job, under which sync id, fired by what, with which options. */
public final class JobRequests {

    /** Sync ids end up in logs, tags and rows: keep them short and plain. */
    private static final Pattern SAFE_SYNC_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}");

    private final Map<String, Job<?, ?>> jobs = new LinkedHashMap<>();

    public JobRequests(Collection<? extends Job<?, ?>> jobs) {
        for (Job<?, ?> job : jobs) {
            this.jobs.put(job.spec().name(), job);
        }
    }

    public Job<?, ?> job(JobRequest request) {
        return jobs.get(request.job());
    }

    /**
     * A scheduled event's sync id is {@code <prefix>scheduled-<time>}: every delivery of one schedule tick
     * (duplicates, retries) shares its time, so all of them are the same run and write once.
     *
     * @throws InvalidEventException when the event cannot start a run
     */
    public JobRequest from(LambdaEvent event) {
        if (event == null) {
            return manual(jobs.get(XpSyncJob.NAME), null, Map.of());
        }
        String name = event.job() == null ? XpSyncJob.NAME : event.job();
        Job<?, ?> job = jobs.get(name);
        if (job == null) {
            throw new InvalidEventException("job must be one of " + new TreeSet<>(jobs.keySet()) + " (none: the MEE6 "
                    + "sync), got '" + abbreviate(name) + "'");
        }
        Map<String, String> options = options(job, event);
        if (event.syncId() != null) {
            if (!SAFE_SYNC_ID.matcher(event.syncId()).matches()) {
                throw new InvalidEventException("syncId must be 1 to 128 letters, digits or ._:+- (starting with a "
                        + "letter or digit), got '" + abbreviate(event.syncId()) + "'");
            }
            Instant time = event.scheduledTime() == null ? null : instant(event.scheduledTime(), "scheduledTime");
            return new JobRequest(name, event.syncId(), Triggers.MANUAL, time, options);
        }
        if (event.scheduledTime() != null) {
            Instant time = instant(event.scheduledTime(), "scheduledTime");
            return new JobRequest(name, SyncIds.scheduled(job.spec().scheduledIdPrefix(), time), Triggers.EVENTBRIDGE_SCHEDULER,
                    time, options);
        }
        if (event.time() != null && isScheduled(event)) {
            Instant time = instant(event.time(), "time");
            return new JobRequest(name, SyncIds.scheduled(job.spec().scheduledIdPrefix(), time), source(event), time,
                    options);
        }
        return manual(job, null, options);
    }

    private static JobRequest manual(Job<?, ?> job, Instant time, Map<String, String> options) {
        return new JobRequest(job.spec().name(), SyncIds.fresh(job.spec().idPrefix()), Triggers.MANUAL, time, options);
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
                throw new InvalidEventException(option + " is an option of the MEE6 sync (no job, or \"job\": \""
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

    private static Instant instant(String time, String field) {
        try {
            return Instant.parse(time); // one spelling per instant
        } catch (DateTimeParseException e) {
            String which = field.equals("time") ? "The event's time" : "The event's " + field;
            throw new InvalidEventException(which + " is not an ISO-8601 instant: '" + abbreviate(time) + "'");
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}
