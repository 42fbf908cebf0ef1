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
 * <li>a manual invocation: {@code {}} or {@code {"syncId": "..."}} (to re-run or resume a given sync).</li>
 * </ul>
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record LambdaEvent(
        String syncId,
        String id,
        String source,
        @JsonProperty("detail-type") String detailType,
        String time,
        JsonNode detail) {
}
