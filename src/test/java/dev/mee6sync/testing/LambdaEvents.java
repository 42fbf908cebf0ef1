package dev.mee6sync.testing;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;

/**
 * Invokes the function the way AWS does, through Quarkus' Lambda mock event server (RestAssured follows its random
 * test port), and builds the events AWS sends. The mock server runs one invocation at a time: concurrent runs in
 * tests call {@code SyncService} directly instead.
 */
public final class LambdaEvents {

    private LambdaEvents() {
    }

    /** Posts {@code event} and returns the invocation's answer: 200 with the stats, or 500 with the error. */
    public static ValidatableResponse invoke(String event) {
        return given().contentType("application/json").accept("application/json").body(event).when().post().then();
    }

    /** A manual invocation that names its sync id: what ops post to re-run or resume a sync. */
    public static String manualEvent(String syncId) {
        return "{\"syncId\": \"" + syncId + "\"}";
    }

    /** An EventBridge rule's scheduled event for the tick at {@code time} (ISO-8601). */
    public static String scheduledEvent(String time) {
        return """
                {"version": "0", "id": "53dc4d37", "detail-type": "Scheduled Event", "source": "aws.events",
                 "account": "123456789012", "time": "%s", "region": "eu-west-1",
                 "resources": ["arn:aws:events:eu-west-1:123456789012:rule/mee6-sync"], "detail": {}}
                """.formatted(time);
    }
}
