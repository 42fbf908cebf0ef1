package dev.mee6sync.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HTTP endpoint standing in for Sentry's ingest, one per test JVM: the tests' {@code sentry.dsn} points at
 * it, so what the SDK sends can be read back. Like {@link Mee6StandIn}, it is reached through WireMock's admin API
 * (port in a system property), so tests and the application see the same server whatever their class loader.
 */
public class SentryStandIn implements QuarkusTestResourceLifecycleManager {

    private static final String PORT_PROPERTY = "mee6sync.test.sentry-stand-in.port";

    @Override
    public Map<String, String> start() {
        return Map.of("sentry.dsn", "http://0123456789abcdef0123456789abcdef@127.0.0.1:" + port() + "/1",
                "sentry.environment", "test");
    }

    /** A DSN of the stand-in for this Sentry project id (the key of the tests' project 42, as the secret tests use). */
    public static String dsnOfProject(String projectId) {
        return "http://0123456789abcdef0123456789abcd42@127.0.0.1:" + port() + "/" + projectId;
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM; a shutdown hook stops it
    }

    private static synchronized int port() {
        String port = System.getProperty(PORT_PROPERTY);
        if (port != null) {
            return Integer.parseInt(port);
        }
        WireMockServer server = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "sentry-stand-in-stop"));
        System.setProperty(PORT_PROPERTY, String.valueOf(server.port()));
        return server.port();
    }

    private static WireMock admin() {
        return new WireMock("127.0.0.1", port());
    }

    /** Forgets what was received so far, and answers every envelope with 200 again. */
    public static void reset() {
        admin().resetRequests();
        admin().resetMappings();
        admin().register(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    /**
     * Sentry's ingest refusing, then accepting: the envelopes get each answer in turn, then keep the last one (a
     * {@link #reset()} puts the plain 200 back).
     */
    public static void answerEnvelopesInTurn(ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "answer " + i;
            ScenarioMappingBuilder stub = post(urlPathMatching("/api/[0-9]+/envelope/")).atPriority(1)
                    .inScenario("sentry ingest").whenScenarioStateIs(state).willReturn(answers[i]);
            if (i + 1 < answers.length) {
                stub.willSetStateTo("answer " + (i + 1));
            }
            admin().register(stub);
        }
    }

    /** Event envelopes (not check-ins) containing {@code fragment} that Sentry answered with a 2xx. */
    public static List<String> acceptedEventsContaining(String fragment) {
        return admin().getServeEvents().stream()
                .filter(event -> event.getResponse().getStatus() / 100 == 2)
                .map(event -> event.getRequest().getBodyAsString())
                .filter(body -> body.contains("\"type\":\"event\"") && body.contains(fragment))
                .toList();
    }

    /** The bodies of the envelopes received since the last reset (WireMock decompresses gzipped ones). */
    public static List<String> envelopes() {
        return admin().find(anyRequestedFor(anyUrl())).stream().map(LoggedRequest::getBodyAsString).toList();
    }

    /** The envelopes received since the last reset that were sent to the DSN of this Sentry project id. */
    public static List<String> envelopesForProject(String projectId) {
        return admin().find(anyRequestedFor(urlPathEqualTo("/api/" + projectId + "/envelope/"))).stream()
                .map(LoggedRequest::getBodyAsString).toList();
    }

    /**
     * The check-ins received since the last reset, in order: the JSON payload of every envelope item of type
     * {@code check_in} (an envelope is a header line, then for each item an item header line and a payload line).
     */
    public static List<String> checkIns() {
        List<String> checkIns = new ArrayList<>();
        for (String envelope : envelopes()) {
            String[] lines = envelope.split("\n");
            for (int i = 1; i + 1 < lines.length; i += 2) {
                if (lines[i].contains("\"type\":\"check_in\"")) {
                    checkIns.add(lines[i + 1]);
                }
            }
        }
        return checkIns;
    }

    /** Envelopes carrying an event (not a check-in) whose text contains {@code fragment}. */
    public static List<String> eventsContaining(String fragment) {
        return envelopes().stream().filter(body -> body.contains("\"type\":\"event\"") && body.contains(fragment))
                .toList();
    }

    @QuarkusTestResource(SentryStandIn.class)
    public static final class Registration {
        private Registration() {
        }
    }
}
