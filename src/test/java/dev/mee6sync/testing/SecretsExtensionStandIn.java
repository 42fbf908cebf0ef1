package dev.mee6sync.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.mee6sync.local.LocalPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for the AWS Parameters and Secrets Lambda Extension: {@code GET /secretsmanager/get?secretId=...}
 * answering {@code {"ARN": ..., "Name": ..., "SecretString": "<json>"}} like the extension, and only to requests
 * carrying the session token (the surefire configuration sets {@code AWS_SESSION_TOKEN}, as Lambda does). One per test
 * JVM, reached through WireMock's admin API like the other stand-ins.
 */
public final class SecretsExtensionStandIn {

    public static final String SESSION_TOKEN = "test-session-token";
    private static final String PORT_PROPERTY = "mee6sync.test.secrets-extension-stand-in.port";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretsExtensionStandIn() {
    }

    public static synchronized int port() {
        String port = System.getProperty(PORT_PROPERTY);
        if (port != null) {
            return Integer.parseInt(port);
        }
        WireMockServer server = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "secrets-extension-stand-in-stop"));
        System.setProperty(PORT_PROPERTY, String.valueOf(server.port()));
        return server.port();
    }

    public static String url() {
        return "http://127.0.0.1:" + port();
    }

    private static WireMock admin() {
        return new WireMock("127.0.0.1", port());
    }

    /** Forgets stubs and requests; unknown secrets and requests without the token then get the extension's errors. */
    public static void reset() {
        admin().resetMappings();
        admin().resetRequests();
        admin().register(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(400)
                .withBody("ResourceNotFoundException: Secrets Manager can't find the specified secret.")));
        admin().register(get(urlPathEqualTo("/secretsmanager/get")).atPriority(1)
                .withHeader("X-Aws-Parameters-Secrets-Token", absent())
                .willReturn(aResponse().withStatus(401).withBody("missing token")));
    }

    /** Serves this secret (its text is {@code secret} as JSON) to requests with the session token. */
    public static void serveSecret(String secretId, Map<String, String> secret) {
        try {
            ObjectNode answer = JSON.createObjectNode();
            answer.put("ARN", secretId);
            answer.put("Name", secretId.replaceAll(".*:secret:", ""));
            answer.put("SecretString", JSON.writeValueAsString(secret));
            answer.put("VersionId", "v1");
            answer.putArray("VersionStages").add("AWSCURRENT");
            admin().register(get(urlPathEqualTo("/secretsmanager/get")).atPriority(5)
                    .withQueryParam("secretId", equalTo(secretId))
                    .withHeader("X-Aws-Parameters-Secrets-Token", equalTo(SESSION_TOKEN))
                    .willReturn(okJson(JSON.writeValueAsString(answer))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers requests for this secret with an error, as the extension relays Secrets Manager's. */
    public static void failSecret(String secretId, int status, String body) {
        admin().register(get(urlPathEqualTo("/secretsmanager/get")).atPriority(4)
                .withQueryParam("secretId", equalTo(secretId))
                .willReturn(aResponse().withStatus(status).withBody(body)));
    }

    public static List<LoggedRequest> requests() {
        return admin().find(anyRequestedFor(anyUrl()));
    }

    /**
     * Points the application at the stand-in. Also creates the database role that the tests' database secret names,
     * so that a connection made as that role proves the login came from the secret.
     */
    public static final class Resource implements QuarkusTestResourceLifecycleManager {

        public static final String DATABASE_ROLE = "mee6_from_secret";

        @Override
        public Map<String, String> start() {
            reset();
            // the tests' database: an external one when QUARKUS_DATASOURCE_JDBC_URL is set, else the embedded one
            String database = System.getenv().getOrDefault("QUARKUS_DATASOURCE_JDBC_URL", LocalPostgres.jdbcUrl());
            String user = System.getenv().getOrDefault("QUARKUS_DATASOURCE_USERNAME", LocalPostgres.USERNAME);
            String password = System.getenv().getOrDefault("QUARKUS_DATASOURCE_PASSWORD", "");
            try (Connection connection = DriverManager.getConnection(database, user, password);
                    Statement statement = connection.createStatement()) {
                statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + DATABASE_ROLE
                        + "') THEN CREATE ROLE " + DATABASE_ROLE + " LOGIN SUPERUSER; END IF; END $$");
            } catch (SQLException e) {
                throw new IllegalStateException("Could not create the test role " + DATABASE_ROLE, e);
            }
            // the embedded server's URL carries ?user=postgres, which would win over any login from the secret
            return Map.of("mee6.secrets.extension-url", url(),
                    "quarkus.datasource.jdbc.url", database.replaceAll("\\?.*", ""));
        }

        /** After the database's resource, so that the URL without a user wins. */
        @Override
        public int order() {
            return 1000;
        }

        @Override
        public void stop() {
            // the server lives as long as the test JVM
        }
    }
}
