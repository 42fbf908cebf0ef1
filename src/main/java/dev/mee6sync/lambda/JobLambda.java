package dev.mee6sync.lambda;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.job.Invocations;
import dev.mee6sync.job.Job;
import dev.mee6sync.job.JobStats;
import dev.mee6sync.job.RunRequest;
import dev.mee6sync.job.RunStatus;
import io.quarkus.arc.All;

/**
 * The Lambda entry point: routes each event to its job by its {@code job} field (none: the XP sync) and returns the
 * run's stats. A FAILED run, once recorded, ends the invocation with an error, so Lambda's Errors metric and
 * on-failure destination see it; so does a refused event.
 */
@Named("mee6-sync")
public class JobLambda implements RequestHandler<LambdaEvent, JsonNode> {

    private static final Logger LOG = Logger.getLogger(JobLambda.class);

    private final RunRequests requests;
    private final Invocations invocations;
    private final ObjectMapper json;

    public JobLambda(@All List<Job<?, ?>> jobs, SyncConfig config, Invocations invocations, ObjectMapper json) {
        this.requests = new RunRequests(jobs, config.eventMaxAge(), Clock.systemUTC());
        this.invocations = invocations;
        this.json = json;
    }

    @Override
    public JsonNode handleRequest(LambdaEvent event, Context context) {
        RunRequest request;
        try {
            request = requests.from(event);
        } catch (InvalidEventException e) {
            LOG.warnf("Invocation refused, nothing done: %s", e.getMessage());
            if (e instanceof EventTimeRefusedException refused) {
                invocations.refused(refused.job(), e.getMessage());
            }
            throw e;
        }
        Job<?, ?> job = requests.job(request);
        Duration timeLeft = context == null || context.getRemainingTimeInMillis() <= 0 ? null
                : Duration.ofMillis(context.getRemainingTimeInMillis());
        JobStats stats = invocations.run(job, request, timeLeft);
        if (stats.runStatus() == RunStatus.FAILED) {
            throw new RunFailedException(job.spec().title() + " " + stats.runId() + " failed: " + stats.message());
        }
        return json.valueToTree(stats);
    }
}
