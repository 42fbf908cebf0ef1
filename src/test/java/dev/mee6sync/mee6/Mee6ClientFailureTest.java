package dev.mee6sync.mee6;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.mee6sync.testing.XpRequests.lookFor;
import static dev.mee6sync.testing.Mee6StandIn.GUILD_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.mee6sync.board.BoardReader;
import dev.mee6sync.testing.Mee6Settings;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.xp.XpSnapshot;
import dev.mee6sync.xp.XpSourceException;
import io.quarkus.test.junit.QuarkusTest;

/** HTTP and network failures: what is retried, how long it waits, and what ops read when it gives up. */
@QuarkusTest
class Mee6ClientFailureTest {

    private static final String MEMBER = "401234567890123456";

    private final Mee6StandIn mee6 = Mee6StandIn.get();

    @BeforeEach
    void reset() {
        mee6.reset();
    }

    private static LeaderboardFetcher fetcher(Mee6Settings settings) {
        return new LeaderboardFetcher(settings.build(), BoardReader.defaultUserAgent("test"));
    }

    private static XpSnapshot fetch(Mee6Settings settings) {
        return fetcher(settings).fetch(lookFor(MEMBER));
    }

    private static XpSourceException failure(Mee6Settings settings) {
        XpSourceException e = assertThrows(XpSourceException.class, () -> fetch(settings));
        assertEquals("MEE6", e.source());
        return e;
    }

    private static void assertPermanent(XpSourceException e) {
        assertEquals(XpSourceException.Kind.PERMANENT, e.kind(), e.getMessage());
    }

    private static void assertTransient(XpSourceException e) {
        assertEquals(XpSourceException.Kind.TRANSIENT, e.kind(), e.getMessage());
    }

    private static ResponseDefinitionBuilder page0() {
        return Mee6StandIn.fixture(200, "leaderboard-page-0.json");
    }

    private static void assertContains(String text, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(text.contains(fragment), "'" + fragment + "' missing from: " + text);
        }
    }

    /** Milliseconds between two recorded requests. */
    private long gap(int from, int to) {
        List<LoggedRequest> requests = mee6.requests(GUILD_ID);
        return requests.get(to).getLoggedDate().getTime() - requests.get(from).getLoggedDate().getTime();
    }

    // --- Permanent: one request, no retry ----------------------------------------------------------------------------

    @Test
    void privateLeaderboardTellsOpsWhatToDo() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.fixture(401, "error-401-private-leaderboard.json"));

        XpSourceException e = failure(Mee6Settings.defaults());

        assertEquals(1, mee6.requests(GUILD_ID).size(), "a 401 is not retried");
        assertPermanent(e);
        assertEquals(1, e.facts().pagesRequested());
        assertContains(e.getMessage(), "401", GUILD_ID, "the leaderboard is private",
                "\"Make my server's leaderboard public\" in the MEE6 dashboard", "MEE6_AUTH_TOKEN",
                "MEE6 says: \"Unauthorized\"");
    }

    @Test
    void unknownGuildNamesTheGuildAskedFor() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.fixture(404, "error-404-unknown-guild.json"));

        XpSourceException e = failure(Mee6Settings.defaults());

        assertEquals(1, mee6.requests(GUILD_ID).size());
        assertPermanent(e);
        assertContains(e.getMessage(), "404", "guild id " + GUILD_ID, "MEE6_GUILD_ID", "MEE6 bot is not in",
                "Guild not found");
    }

    @Test
    void otherClientErrorsAreNotRetried() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.error(400, "Invalid limit"));

        XpSourceException e = failure(Mee6Settings.defaults());

        assertEquals(1, mee6.requests(GUILD_ID).size());
        assertPermanent(e);
        assertContains(e.getMessage(), "HTTP 400", "page 0", GUILD_ID, "MEE6 says: \"Invalid limit\"");
    }

    @Test
    void aClientErrorWithoutBodyIsPermanentToo() {
        mee6.servePage(GUILD_ID, 0, aResponse().withStatus(418));

        XpSourceException e = failure(Mee6Settings.defaults());

        assertEquals(1, mee6.requests(GUILD_ID).size());
        assertPermanent(e);
        assertContains(e.getMessage(), "with HTTP 418", "Not retried");
    }

    @Test
    void a403SaysCloudflareRefusesAnonymousClientsAndWhatToSet() {
        mee6.servePage(GUILD_ID, 0, aResponse().withStatus(403).withHeader("Content-Type", "text/html")
                .withBody("<!DOCTYPE html><title>Attention Required! | Cloudflare</title>"));

        XpSourceException e = failure(Mee6Settings.defaults());

        assertEquals(1, mee6.requests(GUILD_ID).size(), "a 403 is not retried");
        assertPermanent(e);
        assertContains(e.getMessage(), "MEE6 answered 403 Forbidden for the leaderboard of guild " + GUILD_ID,
                "behind Cloudflare, which refuses many anonymous clients since 2024",
                "Set MEE6_AUTH_TOKEN to the web token of a user logged in to the MEE6 website", "infra/DEPLOY.md",
                "Not retried");
        assertFalse(e.getMessage().contains("was refused"), e.getMessage());
    }

    @Test
    void a403WithATokenSaysTheTokenWasRefused() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.error(403, "Forbidden"));

        XpSourceException e = failure(Mee6Settings.defaults().with("auth-token", "a-web-token-0123456789"));

        assertEquals(1, mee6.requests(GUILD_ID).size());
        assertPermanent(e);
        assertContains(e.getMessage(), "403 Forbidden", "Cloudflare",
                "The configured MEE6_AUTH_TOKEN was refused: it ends when its user logs out of the MEE6 website, or "
                        + "was revoked", "Renew MEE6_AUTH_TOKEN", "MEE6 says: \"Forbidden\"");
    }

    // --- Rate limits -------------------------------------------------------------------------------------------------

    @Test
    void waitsTheRetryAfterSecondsOfA429() {
        mee6.servePageInTurn(GUILD_ID, 0,
                Mee6StandIn.fixture(429, "error-429-rate-limited.json").withHeader("Retry-After", "1"), page0());

        XpSnapshot snapshot = fetch(Mee6Settings.defaults());

        assertEquals(1_893_402L, snapshot.xp(MEMBER).orElseThrow());
        assertEquals(1, snapshot.facts().retries());
        assertEquals(1, snapshot.facts().pagesRequested());
        assertTrue(gap(0, 1) >= 995, "retried after " + gap(0, 1) + " ms, Retry-After was 1 s");
    }

    @Test
    void waitsUntilTheRetryAfterDateOfA429() {
        // an HTTP date has whole seconds: 2 s from now is 1 to 2 s away
        String in2s = DateTimeFormatter.RFC_1123_DATE_TIME
                .format(Instant.now().plusSeconds(2).atOffset(ZoneOffset.UTC));
        mee6.servePageInTurn(GUILD_ID, 0,
                Mee6StandIn.fixture(429, "error-429-rate-limited.json").withHeader("Retry-After", in2s), page0());

        XpSnapshot snapshot = fetch(Mee6Settings.defaults());

        assertEquals(1, snapshot.facts().retries());
        assertTrue(gap(0, 1) >= 900 && gap(0, 1) < 2500, "retried after " + gap(0, 1) + " ms, Retry-After " + in2s);
    }

    @Test
    void capsALongRetryAfter() {
        mee6.servePageInTurn(GUILD_ID, 0,
                Mee6StandIn.fixture(429, "error-429-rate-limited.json").withHeader("Retry-After", "3600"), page0());

        XpSnapshot snapshot = fetch(Mee6Settings.defaults().with("retry.max-retry-after", "300ms"));

        assertEquals(1, snapshot.facts().retries());
        assertTrue(gap(0, 1) >= 295 && gap(0, 1) < 2000, "retried after " + gap(0, 1) + " ms, cap 300 ms");
    }

    @Test
    void backsOffExponentiallyOnA429WithoutRetryAfter() {
        ResponseDefinitionBuilder limited = Mee6StandIn.fixture(429, "error-429-rate-limited.json");
        mee6.servePageInTurn(GUILD_ID, 0, limited, limited, page0());

        XpSnapshot snapshot = fetch(Mee6Settings.defaults().with("retry.initial-delay", "200ms")
                .with("retry.max-delay", "5s"));

        assertEquals(2, snapshot.facts().retries());
        // 200 ms then 400 ms, each less up to 25% jitter
        assertTrue(gap(0, 1) >= 150, "first retry after " + gap(0, 1) + " ms");
        assertTrue(gap(1, 2) >= 300, "second retry after " + gap(1, 2) + " ms");
    }

    @Test
    void givesUpAtOnceWhenTheRetryAfterDoesNotFitThePageBudget() {
        mee6.servePage(GUILD_ID, 0,
                Mee6StandIn.fixture(429, "error-429-rate-limited.json").withHeader("Retry-After", "30"));
        long started = System.nanoTime();

        XpSourceException e = failure(Mee6Settings.defaults().with("retry.max-attempts", "5")
                .with("retry.max-retry-after", "60s").with("retry.max-duration", "2s"));

        long ms = (System.nanoTime() - started) / 1_000_000;
        assertTrue(ms < 1500, "gave up after " + ms + " ms: it slept instead of giving up");
        assertEquals(1, mee6.requests(GUILD_ID).size());
        assertTransient(e);
        assertContains(e.getMessage(), "after 1 attempt", "MEE6's Retry-After goes past MEE6_RETRY_MAX_DURATION=2s",
                "HTTP 429 Too Many Requests, Retry-After 30s", "You are being rate limited.");
    }

    @Test
    void stopsRetryingAtThePageBudget() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.fixture(503, "blocked-503.html"));
        long started = System.nanoTime();

        XpSourceException e = failure(Mee6Settings.defaults().with("retry.max-attempts", "20")
                .with("retry.initial-delay", "200ms").with("retry.max-delay", "200ms")
                .with("retry.max-duration", "1s"));

        long ms = (System.nanoTime() - started) / 1_000_000;
        int attempts = mee6.requests(GUILD_ID).size();
        assertTrue(attempts >= 3 && attempts <= 7, attempts + " attempts in a 1 s budget with 150-200 ms waits");
        assertTrue(ms >= 1000 && ms < 2500, "gave up after " + ms + " ms with a 1 s budget");
        assertContains(e.getMessage(), "after " + attempts + " attempts", "MEE6_RETRY_MAX_DURATION=1s used up");
    }

    // --- Server errors and bodies that are not JSON ---------------------------------------------------------------

    @Test
    void retriesA503HtmlPage() {
        mee6.servePageInTurn(GUILD_ID, 0, Mee6StandIn.fixture(503, "blocked-503.html"), page0());

        XpSnapshot snapshot = fetch(Mee6Settings.defaults());

        assertEquals(1_893_402L, snapshot.xp(MEMBER).orElseThrow());
        assertEquals(1, snapshot.facts().retries());
        assertEquals(2, mee6.requests(GUILD_ID).size());
    }

    @Test
    void retriesAnHtmlPageServedWith200() {
        mee6.servePageInTurn(GUILD_ID, 0, Mee6StandIn.fixture(200, "blocked-503.html"), page0());

        XpSnapshot snapshot = fetch(Mee6Settings.defaults());

        assertEquals(1, snapshot.xp(MEMBER).map(m -> 1).orElse(0));
        assertEquals(1, snapshot.facts().retries());
    }

    @Test
    void retriesATruncatedBody() {
        String page = Mee6StandIn.fixtureText("leaderboard-page-0.json");
        mee6.servePageInTurn(GUILD_ID, 0, Mee6StandIn.okJson(page.substring(0, page.length() / 2)), page0());

        XpSnapshot snapshot = fetch(Mee6Settings.defaults());

        assertEquals(1, snapshot.facts().retries());
    }

    @Test
    void reportsTheLastFailureWhenRetriesAreExhausted() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.fixture(503, "blocked-503.html"));

        XpSourceException e = failure(Mee6Settings.defaults().with("retry.max-attempts", "3"));

        assertEquals(3, mee6.requests(GUILD_ID).size());
        assertTransient(e);
        assertEquals(1, e.facts().pagesRequested());
        assertEquals(2, e.facts().retries());
        assertContains(e.getMessage(), "MEE6 leaderboard page 0 of guild " + GUILD_ID, "after 3 attempts",
                "MEE6_RETRY_MAX_ATTEMPTS=3 reached", "last failure: HTTP 503 with a non-JSON body (text/html",
                "Service Temporarily Unavailable", "Nothing was synced");
    }

    @Test
    void reportsAnHtml200AsNotJsonWhenRetriesAreExhausted() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.fixture(200, "blocked-503.html"));

        XpSourceException e = failure(Mee6Settings.defaults().with("retry.max-attempts", "2"));

        assertEquals(2, mee6.requests(GUILD_ID).size());
        assertTransient(e);
        assertContains(e.getMessage(), "after 2 attempts", "HTTP 200 with an HTML or XML page instead of JSON",
                "text/html", "<!DOCTYPE html>");
    }

    @Test
    void reportsTruncatedJsonWhenRetriesAreExhausted() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.okJson("{\"page\":0,\"players\":[{\"id\":\"1\",\"xp\":"));

        XpSourceException e = failure(Mee6Settings.defaults().with("retry.max-attempts", "2"));

        assertTransient(e);
        assertContains(e.getMessage(), "not valid JSON", "end-of-input");
    }

    @Test
    void aPageWithoutPlayersIsNotABoardAndIsRetried() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.okJson("{\"page\":0,\"message\":\"maintenance\"}"));

        XpSourceException e = failure(Mee6Settings.defaults().with("retry.max-attempts", "2"));

        assertEquals(2, mee6.requests(GUILD_ID).size());
        assertTransient(e);
        assertContains(e.getMessage(), "page 0", "players: missing or null");
    }

    @Test
    void aFailureOnALaterPageReturnsNothing() {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(150, 100_000_000_000_000_000L, 1_000_000), 100);
        mee6.servePage(GUILD_ID, 1, Mee6StandIn.fixture(502, "blocked-503.html").withStatus(502));

        XpSourceException e = assertThrows(XpSourceException.class,
                () -> fetcher(Mee6Settings.defaults().with("page-size", "100")).fetch(lookFor("100000000000000000",
                        "100000000000000149")));

        assertEquals(List.of(0, 1, 1, 1), mee6.pagesRequested(GUILD_ID));
        assertEquals(2, e.facts().pagesRequested(), "page 0, and the failed page 1");
        assertEquals(2, e.facts().retries());
        assertEquals(100, e.facts().playersRead());
        assertContains(e.getMessage(), "page 1", "HTTP 502");
    }

    // --- Network -----------------------------------------------------------------------------------------------------

    @Test
    void retriesAfterAReadTimeout() {
        mee6.servePageInTurn(GUILD_ID, 0, page0().withFixedDelay(1500), page0());

        XpSnapshot snapshot = fetch(Mee6Settings.defaults().with("read-timeout", "300ms"));

        assertEquals(1, snapshot.facts().retries());
        assertEquals(1_893_402L, snapshot.xp(MEMBER).orElseThrow());
    }

    @Test
    void reportsReadTimeoutsWhenRetriesAreExhausted() {
        mee6.servePage(GUILD_ID, 0, page0().withFixedDelay(1500));
        long started = System.nanoTime();

        XpSourceException e = failure(Mee6Settings.defaults().with("read-timeout", "300ms")
                .with("retry.max-attempts", "2"));

        long ms = (System.nanoTime() - started) / 1_000_000;
        assertTrue(ms < 1400, "2 attempts of 300 ms took " + ms + " ms: the read timeout was not applied");
        assertTransient(e);
        assertContains(e.getMessage(), "after 2 attempts", "no answer within MEE6_READ_TIMEOUT=300ms");
    }

    @Test
    void retriesAfterAConnectionReset() {
        mee6.servePageInTurn(GUILD_ID, 0, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), page0());

        XpSnapshot snapshot = fetch(Mee6Settings.defaults());

        // a connection closed before any byte of the answer is one the JDK's client opens again by itself, once, for
        // a GET (what a stale keep-alive connection looks like): our own retry is then not needed
        assertEquals(2, mee6.requests(GUILD_ID).size());
        assertTrue(snapshot.facts().retries() <= 1, "retries: " + snapshot.facts().retries());
        assertEquals(1_893_402L, snapshot.xp(MEMBER).orElseThrow());
    }

    @Test
    void reportsAConnectionThatKeepsBeingReset() {
        mee6.servePage(GUILD_ID, 0, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        XpSourceException e = failure(Mee6Settings.defaults().with("retry.max-attempts", "2"));

        assertTransient(e);
        assertContains(e.getMessage(), "after 2 attempts", "last failure: network error (");
    }

    @Test
    void reportsAnUnreachableServer() {
        // nothing listens on port 9 (discard) of loopback on a test machine: connection refused at once
        XpSourceException e = failure(Mee6Settings.defaults().with("api-url", "http://127.0.0.1:9")
                .with("retry.max-attempts", "2"));

        assertTransient(e);
        assertContains(e.getMessage(), "after 2 attempts", "could not connect");
    }
}
