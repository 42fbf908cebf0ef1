package dev.mee6sync.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HTTP endpoint standing in for Sentry's ingest: the tests' SENTRY_DSN points at it, so what the SDK sends
 * can be read back (envelopes, one per event or check-in).
 */
public class SentryStandIn implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort());
            server.start();
            server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
        }
        return Map.of("sentry.dsn", "http://0123456789abcdef0123456789abcdef@localhost:" + server.port() + "/1",
                "sentry.environment", "test");
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM
    }

    /** Forgets what was received so far. */
    public static void reset() {
        server.resetRequests();
    }

    /** The bodies of the envelopes received since the last reset (decompressed by WireMock when gzipped). */
    public static List<String> envelopes() {
        return server.findAll(anyRequestedFor(anyUrl())).stream().map(LoggedRequest::getBodyAsString).toList();
    }

    /** Envelopes that carry an event (not a check-in or a session) whose text contains {@code fragment}. */
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
