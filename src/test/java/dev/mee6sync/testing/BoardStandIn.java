package dev.mee6sync.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * What the leaderboard stand-ins ({@link Mee6StandIn}, {@link LurkrStandIn}) share: a WireMock server on loopback, one
 * per test JVM and source, reached through its admin API (so a test and the application see the same server whichever
 * class loader they run in: the port is shared through a system property), and a board's pages at
 * {@code <path><guildId>?page=<n>} in the source's own numbering.
 */
public abstract class BoardStandIn {

    private final int port;
    private final String boardPath;
    protected final WireMock wireMock;

    /** @param boardPath a board's path without its guild id: {@code /plugins/levels/leaderboard/} */
    protected BoardStandIn(int port, String boardPath) {
        this.port = port;
        this.boardPath = boardPath;
        this.wireMock = new WireMock("127.0.0.1", port);
    }

    /** The port of this JVM's server for {@code portProperty}, started on first use. */
    protected static int serverPort(String portProperty, String name, int threads) {
        String port = System.getProperty(portProperty);
        if (port != null) {
            return Integer.parseInt(port);
        }
        WireMockServer server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                // bodies go out byte for byte as a test gives them (a gzip bomb, a dribble), never re-compressed
                .gzipDisabled(true)
                .containerThreads(threads));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, name + "-stop"));
        System.setProperty(portProperty, String.valueOf(server.port()));
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>}. */
    protected String root() {
        return "http://127.0.0.1:" + port;
    }

    /** No stubs, no recorded requests, every scenario back to its start. */
    public void reset() {
        wireMock.resetMappings();
        wireMock.resetRequests();
        wireMock.resetScenarios();
    }

    /** For stubs the helpers do not cover. */
    public WireMock wireMock() {
        return wireMock;
    }

    /** The given page (the source's numbering) answers with {@code response}, every time. */
    public void servePage(String guildId, int page, ResponseDefinitionBuilder response) {
        wireMock.register(page(guildId, page).willReturn(response));
    }

    /** The given page answers with each response in turn, then keeps giving the last one: failing, then recovering. */
    public void servePageInTurn(String guildId, int page, ResponseDefinitionBuilder... responses) {
        String scenario = "guild " + guildId + " page " + page;
        for (int i = 0; i < responses.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "answer " + i;
            ScenarioMappingBuilder stub = page(guildId, page).inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(responses[i]);
            if (i + 1 < responses.length) {
                stub.willSetStateTo("answer " + (i + 1));
            }
            wireMock.register(stub);
        }
    }

    /**
     * Every page of the board not served one by one answers with {@code response}: the pages past a board's end, or a
     * cache that ignores the query string.
     */
    public void serveEveryPage(String guildId, ResponseDefinitionBuilder response) {
        wireMock.register(WireMock.get(urlPathEqualTo(boardPath + guildId)).atPriority(10).willReturn(response));
    }

    private MappingBuilder page(String guildId, int page) {
        return WireMock.get(urlPathEqualTo(boardPath + guildId))
                .withQueryParam("page", equalTo(String.valueOf(page))).atPriority(5);
    }

    public static ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** A file of {@code src/test/resources/<dir>/}. */
    protected static String resource(String dir, String name) {
        try (InputStream in = BoardStandIn.class.getResourceAsStream("/" + dir + "/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture src/test/resources/" + dir + "/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The board requests for {@code guildId}, oldest first. */
    public List<LoggedRequest> requests(String guildId) {
        List<LoggedRequest> requests = new ArrayList<>(
                wireMock.find(getRequestedFor(urlPathEqualTo(boardPath + guildId))));
        requests.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        return requests;
    }

    /** The {@code page} query parameter of each request, in order (the source's numbering). */
    public List<Integer> pagesRequested(String guildId) {
        return requests(guildId).stream().map(r -> Integer.valueOf(r.queryParameter("page").firstValue())).toList();
    }
}
