package dev.mee6sync.mee6;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.mee6sync.testing.XpRequests.lookFor;
import static dev.mee6sync.testing.XpRequests.withDeadline;
import static dev.mee6sync.testing.Mee6StandIn.GUILD_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.mee6sync.board.BoardReader;
import dev.mee6sync.testing.LogCapture;
import dev.mee6sync.testing.Mee6Settings;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.xp.XpSnapshot;
import dev.mee6sync.xp.XpSourceException;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The bounds of a fetch: the run's deadline, the whole-request timeout, the size of a body (after decompression), and
 * what every request sends.
 */
@QuarkusTest
class Mee6ClientBoundsTest {

    private static final String MEMBER = "401234567890123456";
    private static final int ONE_MIB = 1 << 20;

    private final Mee6StandIn mee6 = Mee6StandIn.get();

    @Inject
    Mee6XpSource source;

    @BeforeEach
    void reset() {
        mee6.reset();
    }

    private static LeaderboardFetcher fetcher(Mee6Settings settings) {
        return new LeaderboardFetcher(settings.build(), BoardReader.defaultUserAgent("test"));
    }

    private static ResponseDefinitionBuilder page0() {
        return Mee6StandIn.fixture(200, "leaderboard-page-0.json");
    }

    private static void assertContains(String text, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(text.contains(fragment), "'" + fragment + "' missing from: " + text);
        }
    }

    private static long msSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    // --- What every request sends ------------------------------------------------------------------------------------

    @Test
    void sendsTheConfiguredUserAgentAndAsksForGzip() {
        mee6.servePage(GUILD_ID, 0, page0());

        fetcher(Mee6Settings.defaults().with("user-agent", "ExampleBot/2.0 (+https://example.org/bot)"))
                .fetch(lookFor(MEMBER));

        LoggedRequest request = mee6.requests(GUILD_ID).get(0);
        assertEquals("ExampleBot/2.0 (+https://example.org/bot)", request.getHeader("User-Agent"));
        assertEquals("gzip", request.getHeader("Accept-Encoding"));
        assertEquals("application/json", request.getHeader("Accept"));
    }

    // --- The run's deadline ------------------------------------------------------------------------------------------

    /** A board of 20 full pages, each answered after {@code delayMs}, then an empty page. */
    private void serveSlowBoard(int pageSize, int delayMs) {
        List<Mee6StandIn.Player> players = Mee6StandIn.players(20 * pageSize, 100_000_000_000_000_000L, 1_000_000);
        for (int page = 0; page < 20; page++) {
            mee6.servePage(GUILD_ID, page, Mee6StandIn.okJson(Mee6StandIn.pageJson(GUILD_ID, page,
                    players.subList(page * pageSize, (page + 1) * pageSize))).withFixedDelay(delayMs));
        }
        mee6.servePage(GUILD_ID, 20, Mee6StandIn.okJson(Mee6StandIn.pageJson(GUILD_ID, 20, List.of())));
    }

    @Test
    void aSlowBoardFailsBeforeTheDeadlineSayingHowFarItGot() {
        serveSlowBoard(10, 200);
        long started = System.nanoTime();

        XpSourceException e = assertThrows(XpSourceException.class, () -> new LeaderboardFetcher(
                Mee6Settings.defaults().with("page-size", "10").build(), "test", java.time.Duration.ofHours(24))
                .fetch(withDeadline(lookFor("999999999999999999"), Instant.now().plusMillis(1500))));

        long ms = msSince(started);
        assertTrue(ms >= 1000 && ms < 1700, "failed after " + ms + " ms with a deadline 1.5 s away");
        assertEquals(XpSourceException.Kind.TRANSIENT, e.kind());
        int pages = mee6.requests(GUILD_ID).size();
        assertTrue(pages >= 3 && pages <= 7, pages + " pages of 200 ms in 1.5 s");
        assertEquals(pages, e.facts().pagesRequested(), "what the failed fetch did is attached");
        assertContains(e.getMessage(), "MEE6 leaderboard of guild " + GUILD_ID + ": stopped before the run's deadline "
                + "after " + pages + " pages in 1.", " pages a minute); the rest of the board cannot be read in time. "
                + "Nothing was synced. Lower MEE6_PAGE_DELAY (now 0ms), read the whole board less often "
                + "(MEE6_FULL_READ_EVERY=24h), or give the function a longer timeout");
        long rate = Long.parseLong(e.getMessage().replaceAll(".*\\((\\d+) pages a minute\\).*", "$1"));
        assertTrue(rate > 100 && rate <= 320, "at most 300 pages a minute at 200 ms a page, said " + rate);
    }

    @Test
    void theInjectedSourceStopsAtTheDeadlineToo() {
        serveSlowBoard(100, 300); // the test profile's page size

        XpSourceException e = assertThrows(XpSourceException.class, () -> source.read(
                withDeadline(lookFor("999999999999999999"), Instant.now().plusMillis(800))));

        assertContains(e.getMessage(), "stopped before the run's deadline", "(MEE6_FULL_READ_EVERY=24h)");
    }

    @Test
    void aRetryThatCannotFitBeforeTheDeadlineIsNotWaitedFor() {
        mee6.servePage(GUILD_ID, 0,
                Mee6StandIn.fixture(429, "error-429-rate-limited.json").withHeader("Retry-After", "2"));
        long started = System.nanoTime();

        XpSourceException e = assertThrows(XpSourceException.class, () -> fetcher(Mee6Settings.defaults())
                .fetch(withDeadline(lookFor(MEMBER), Instant.now().plusSeconds(1))));

        assertTrue(msSince(started) < 700, "waited " + msSince(started) + " ms for a retry that could not fit");
        assertEquals(1, mee6.requests(GUILD_ID).size());
        assertEquals(XpSourceException.Kind.TRANSIENT, e.kind());
        assertContains(e.getMessage(), "stopped before the run's deadline after 0 pages in 0.", "(no page read yet)",
                "(page 0 was failing: HTTP 429 Too Many Requests, Retry-After 2s");
        assertEquals(1, e.facts().pagesRequested());
    }

    @Test
    void aRequestIsCutAtTheDeadline() {
        mee6.servePage(GUILD_ID, 0, page0().withFixedDelay(5000));
        long started = System.nanoTime();

        XpSourceException e = assertThrows(XpSourceException.class, () -> fetcher(Mee6Settings.defaults()
                .with("read-timeout", "10s").with("request-timeout", "60s"))
                .fetch(withDeadline(lookFor(MEMBER), Instant.now().plusSeconds(1))));

        long ms = msSince(started);
        assertTrue(ms >= 900 && ms < 1600, "cut after " + ms + " ms with a deadline 1 s away");
        assertEquals(XpSourceException.Kind.TRANSIENT, e.kind());
        assertContains(e.getMessage(), "stopped before the run's deadline",
                "(page 0 was failing: no complete answer before the run's deadline (0 bytes received))");
    }

    @Test
    void aPassedDeadlineMakesNoRequest() {
        mee6.servePage(GUILD_ID, 0, page0());

        XpSourceException e = assertThrows(XpSourceException.class, () -> fetcher(Mee6Settings.defaults())
                .fetch(withDeadline(lookFor(MEMBER), Instant.now().minusSeconds(1))));

        assertEquals(List.of(), mee6.requests(GUILD_ID));
        assertContains(e.getMessage(), "stopped before the run's deadline after 0 pages");
    }

    // --- The whole request -------------------------------------------------------------------------------------------

    @Test
    void aBodyDrippingOneByteASecondIsCutAtTheRequestTimeoutAndRetried() {
        String body = Mee6StandIn.fixtureText("leaderboard-page-0.json");
        ResponseDefinitionBuilder dripping = Mee6StandIn.okJson(body)
                .withChunkedDribbleDelay(body.length(), body.length() * 1000);
        mee6.servePageInTurn(GUILD_ID, 0, dripping, page0());
        long started = System.nanoTime();

        XpSnapshot snapshot;
        try (LogCapture logs = LogCapture.start()) {
            // the idle bound alone (3 s) would never end it: a byte comes every second
            snapshot = fetcher(Mee6Settings.defaults().with("request-timeout", "2s").with("read-timeout", "3s"))
                    .fetch(lookFor(MEMBER));
            assertContains(logs.text(), "MEE6 page 0 failed: no complete answer within MEE6_REQUEST_TIMEOUT=2s (",
                    " bytes received). Retry 1 of 2");
        }

        long ms = msSince(started);
        assertTrue(ms >= 1900 && ms < 3500, "the dripping answer was cut after " + ms + " ms, timeout 2 s");
        assertEquals(1, snapshot.facts().retries());
        assertEquals(1_893_402L, snapshot.xp(MEMBER).orElseThrow());
    }

    // --- The size of a body ----------------------------------------------------------------------------------------

    /** A valid page padded with an unknown field to {@code bytes}. */
    private static String paddedPage(int bytes) {
        String page = Mee6StandIn.fixtureText("leaderboard-page-0.json");
        return "{\"padding\":\"" + "x".repeat(bytes) + "\"," + page.substring(page.indexOf('{') + 1);
    }

    @Test
    void anOversizedBodyIsRefusedAndRetried() {
        // a body that says its size up front (WireMock otherwise sends chunks): refused before any of it is read
        String big = paddedPage(2 * ONE_MIB);
        mee6.servePageInTurn(GUILD_ID, 0, Mee6StandIn.okJson(big).withHeader("Content-Length",
                String.valueOf(big.getBytes(StandardCharsets.UTF_8).length)), page0());

        XpSnapshot snapshot;
        try (LogCapture logs = LogCapture.start()) {
            snapshot = fetcher(Mee6Settings.defaults().with("max-page-bytes", String.valueOf(ONE_MIB)))
                    .fetch(lookFor(MEMBER));
            assertContains(logs.text(), "MEE6 page 0 failed: HTTP 200 with a body larger than "
                    + "MEE6_MAX_PAGE_BYTES=1048576 bytes (Content-Length 2", "): refused unread. Retry 1 of 2");
        }

        assertEquals(1, snapshot.facts().retries());
        assertEquals(1_893_402L, snapshot.xp(MEMBER).orElseThrow());
    }

    @Test
    void anOversizedStreamedBodyIsCutAtTheLimit() {
        // chunks, no Content-Length: the bytes are counted as they come
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.okJson(paddedPage(3 * ONE_MIB)).withChunkedDribbleDelay(48, 200));

        XpSourceException e = assertThrows(XpSourceException.class, () -> fetcher(Mee6Settings.defaults()
                .with("max-page-bytes", String.valueOf(ONE_MIB)).with("retry.max-attempts", "2"))
                .fetch(lookFor(MEMBER)));

        assertEquals(2, mee6.requests(GUILD_ID).size(), "retried like any transient failure");
        assertEquals(XpSourceException.Kind.TRANSIENT, e.kind());
        assertContains(e.getMessage(), "after 2 attempts", "MEE6_RETRY_MAX_ATTEMPTS=2 reached",
                "last failure: HTTP 200 with a body larger than MEE6_MAX_PAGE_BYTES=1048576 bytes");
        assertTrue(e.getMessage().contains("refused unread"), e.getMessage());
    }

    @Test
    void readsAGzippedPageMadeOfSeveralMembers() throws IOException {
        byte[] page = Mee6StandIn.fixtureText("leaderboard-page-0.json").getBytes(StandardCharsets.UTF_8);
        int half = page.length / 2;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(gzip(java.util.Arrays.copyOfRange(page, 0, half)));
        body.write(gzip(java.util.Arrays.copyOfRange(page, half, page.length)));
        mee6.servePage(GUILD_ID, 0, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("Content-Encoding", "gzip").withBody(body.toByteArray()));

        XpSnapshot snapshot = fetcher(Mee6Settings.defaults()).fetch(lookFor(MEMBER));

        assertEquals(1_893_402L, snapshot.xp(MEMBER).orElseThrow());
    }

    @Test
    void aGzipBombStopsAtTheLimitWithoutBeingInflated() throws IOException {
        // one gzip member of 16 MiB of zeros (about 16 kB), 64 times: over 1 GiB once decompressed, never made here
        byte[] member = gzippedZeros(16 * ONE_MIB);
        ByteArrayOutputStream bomb = new ByteArrayOutputStream(member.length * 64);
        for (int i = 0; i < 64; i++) {
            bomb.write(member);
        }
        byte[] body = bomb.toByteArray();
        assertTrue(body.length < ONE_MIB, "the compressed bomb (" + body.length + " bytes) is under the limit: only "
                + "the bound on what it decompresses to can stop it");
        mee6.servePage(GUILD_ID, 0, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("Content-Encoding", "gzip").withBody(body));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();

        XpSourceException e = assertThrows(XpSourceException.class, () -> fetcher(Mee6Settings.defaults()
                .with("max-page-bytes", String.valueOf(ONE_MIB)).with("retry.max-attempts", "2"))
                .fetch(lookFor(MEMBER)));

        // the body is decompressed on the calling thread: what it allocated bounds what was inflated
        long allocatedMb = (threads.getCurrentThreadAllocatedBytes() - allocatedBefore) / ONE_MIB;
        assertTrue(allocatedMb < 64, allocatedMb + " MiB allocated for two attempts at a 1 MiB limit");
        assertEquals(2, mee6.requests(GUILD_ID).size(), "retried like any transient failure");
        assertEquals(XpSourceException.Kind.TRANSIENT, e.kind());
        assertContains(e.getMessage(), "last failure: HTTP 200 with a body larger than MEE6_MAX_PAGE_BYTES=1048576 "
                + "bytes (after decompression): refused unread");
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] gzippedZeros(int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[64 * 1024];
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            for (int written = 0; written < size; written += zeros.length) {
                gzip.write(zeros);
            }
        }
        return out.toByteArray();
    }
}
