package dev.mee6sync.lambda;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the function accepts, read leniently (unknown fields ignored):
 * <ul>
 * <li>an EventBridge rule event: {@code detail-type: "Scheduled Event"}, {@code source: "aws.events"}, {@code time},
 * {@code detail: {}};</li>
 * <li>an EventBridge Scheduler event: the same envelope with {@code source: "aws.scheduler"} and {@code detail} the
 * string {@code "{}"};</li>
 * <li>a job's schedule: {@code {"job": "streaks", "scheduledTime": "<ISO-8601 instant>"}};</li>
 * <li>a manual invocation: {@code {}}, {@code {"syncId": "..."}} (to re-run or resume a given sync),
 * {@code {"job": "audit"}}, {@code {"fullRead": true}}, {@code {"syncId": "...", "massChange": "apply"}}.</li>
 * </ul>
 * No {@code job}: the MEE6 sync.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record LambdaEvent(
        String job,
        String syncId,
        String scheduledTime,
        String massChange,
        Boolean fullRead,
        String id,
        String source,
        @JsonProperty("detail-type") String detailType,
        String time,
        JsonNode detail) {
}
