package dev.mee6sync.lambda;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An event the function accepts, read leniently (unknown fields ignored); which event gives which run:
 * infra/OPERATE.md, "The events".
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
