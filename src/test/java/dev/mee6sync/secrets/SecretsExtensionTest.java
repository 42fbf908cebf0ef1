package dev.mee6sync.secrets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * The client of the AWS Parameters and Secrets extension against a WireMock standing in for it: the request the
 * extension expects, the answer it gives, and errors that tell ops what to fix without ever showing a secret.
 */
class SecretsExtensionTest {

    static final String SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mee6-sync/app-AbCdEf";
    static final String TOKEN = "session-token-of-the-invocation";
    static WireMockServer extension;

    @BeforeAll
    static void start() {
        extension = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        extension.start();
    }

    @AfterAll
    static void stop() {
        extension.stop();
    }

    @BeforeEach
    void reset() {
        extension.resetAll();
    }

    SecretsExtension client() {
        return new SecretsExtension("http://127.0.0.1:" + extension.port() + "/", Duration.ofSeconds(2), TOKEN);
    }

    static String answer(String secretString) {
        return "{\"ARN\":\"" + SECRET + "\",\"Name\":\"mee6-sync/app\",\"SecretString\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(secretString) + ",\"VersionId\":\"v1\"}";
    }

    @Test
    void readsTheSecretStringWithTheSessionToken() {
        extension.stubFor(get(urlPathEqualTo("/secretsmanager/get"))
                .willReturn(okJson(answer(
                        "{\"sentryDsn\":\"https://k@o1.ingest.sentry.io/2\",\"mee6AuthToken\":\"t0k\"}"))));

        JsonNode secret = client().secretJson(SECRET);

        assertThat(secret.get("mee6AuthToken").asText()).isEqualTo("t0k");
        extension.verify(getRequestedFor(urlPathEqualTo("/secretsmanager/get"))
                .withQueryParam("secretId", equalTo(SECRET))
                .withHeader("X-Aws-Parameters-Secrets-Token", equalTo(TOKEN)));
    }

    @Test
    void anErrorOfTheExtensionNamesTheSecretAndTheLikelyFix() {
        extension.stubFor(get(urlPathEqualTo("/secretsmanager/get")).willReturn(aResponse().withStatus(400).withBody(
                "AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/mee6-sync is not authorized to "
                        + "perform: secretsmanager:GetSecretValue")));

        assertThatThrownBy(() -> client().secretJson(SECRET)).isInstanceOf(SecretsUnavailableException.class)
                .hasMessageContaining(SECRET).hasMessageContaining("HTTP 400")
                .hasMessageContaining("AccessDeniedException")
                .hasMessageContaining("secretsmanager:GetSecretValue on it");
    }

    @Test
    void aSecretThatIsNotAJsonObjectIsRefusedWithoutShowingIt() {
        extension.stubFor(get(urlPathEqualTo("/secretsmanager/get"))
                .willReturn(okJson(answer("hunter2-plain-password"))));
        assertThatThrownBy(() -> client().secretJson(SECRET)).isInstanceOf(SecretsUnavailableException.class)
                .hasMessageContaining("is not JSON").hasMessageNotContaining("hunter2");

        extension.stubFor(get(urlPathEqualTo("/secretsmanager/get")).willReturn(okJson(answer("[\"hunter2\"]"))));
        assertThatThrownBy(() -> client().secretJson(SECRET)).hasMessageContaining("must hold a JSON object")
                .hasMessageNotContaining("hunter2");

        extension.stubFor(get(urlPathEqualTo("/secretsmanager/get"))
                .willReturn(okJson("{\"ARN\":\"" + SECRET + "\",\"SecretBinary\":\"aHVudGVyMg==\"}")));
        assertThatThrownBy(() -> client().secretJson(SECRET)).hasMessageContaining("has no SecretString");
    }

    @Test
    void withoutASessionTokenItSaysItOnlyWorksInLambda() {
        SecretsExtension outsideLambda = new SecretsExtension("http://127.0.0.1:" + extension.port(),
                Duration.ofSeconds(1), null);
        assertThatThrownBy(() -> outsideLambda.secretJson(SECRET)).hasMessageContaining("AWS_SESSION_TOKEN is not set")
                .hasMessageContaining("QUARKUS_DATASOURCE_PASSWORD");
        assertThat(extension.getAllServeEvents()).isEmpty();
    }

    @Test
    void withoutTheLayerItSaysTheLayerIsMissing() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SecretsExtension noLayer = new SecretsExtension("http://127.0.0.1:" + closedPort, Duration.ofSeconds(1), TOKEN);
        assertThatThrownBy(() -> noLayer.secretJson(SECRET))
                .hasMessageContaining("AWS-Parameters-and-Secrets-Lambda-Extension");
    }
}
