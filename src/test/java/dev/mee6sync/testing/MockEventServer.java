package dev.mee6sync.testing;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;

/** Invocations the way AWS makes them: an event posted to Quarkus' Lambda mock event server. */
public final class MockEventServer {

    private MockEventServer() {
    }

    /** Posts the event and returns the handler's answer (200 with its result, 500 with its error). */
    public static ValidatableResponse invoke(String event) {
        return given().contentType("application/json").accept("application/json").body(event).when().post().then();
    }

    /** A manual invocation that names its sync id: what ops post to re-run or resume a sync. */
    public static String manualEvent(String syncId) {
        return "{\"syncId\": \"" + syncId + "\"}";
    }

    /** An EventBridge rule's scheduled event for this tick. */
    public static String scheduledEvent(String time) {
        return """
                {"version": "0", "id": "53dc4d37", "detail-type": "Scheduled Event", "source": "aws.events",
                 "account": "123456789012", "time": "%s", "region": "eu-west-1",
                 "resources": ["arn:aws:events:eu-west-1:123456789012:rule/mee6-sync"], "detail": {}}
                """.formatted(time);
    }
}
