package dev.mee6sync.lambda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SmokeTest {
    @Test
    void handlerAnswersThroughMockEventServer() {
        given().contentType("application/json").body("{\"syncId\":\"x\"}").when().post().then().log().all()
                .statusCode(200).body("status", equalTo("TODO"));
    }
}
