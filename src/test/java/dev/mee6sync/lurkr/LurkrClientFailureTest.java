package dev.mee6sync.lurkr;

import static dev.mee6sync.testing.XpRequests.lookFor;
import static dev.mee6sync.lurkr.LurkrClientPagingTest.reader;
import static dev.mee6sync.testing.LurkrStandIn.GUILD_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.mee6sync.testing.LogCapture;
import dev.mee6sync.testing.LurkrSettings;
import dev.mee6sync.testing.LurkrStandIn;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;
import dev.mee6sync.xp.XpSourceException;
import dev.mee6sync.xp.XpSourceException.Kind;
import io.quarkus.test.junit.QuarkusTest;

/** What Lurkr refuses, what cannot be trusted, and its rate limit: what is retried and what ops read. */
@QuarkusTest
class LurkrClientFailureTest {

    private static final long FIRST_ID = 200_000_000_000_000_000L;
    private static final String KEY = "lurkr-key.S3CR3T-0123456789";

    private final LurkrStandIn lurkr = LurkrStandIn.get();

    @BeforeEach
    void reset() {
        lurkr.reset();
    }

    private XpSourceException failure(LurkrSettings settings, XpRequest request) {
        XpSourceException e = assertThrows(XpSourceException.class, () -> reader(settings).read(request));
        assertThat(e.source()).isEqualTo("Lurkr");
        return e;
    }

    private XpSourceException failure(LurkrSettings settings) {
        return failure(settings, lookFor("1"));
    }

    private static String page(int page, List<LurkrStandIn.Player> players) {
        return LurkrStandIn.pageJson(GUILD_ID, page, players);
    }

    /** Milliseconds between two recorded requests. */
    private long gap(int from, int to) {
        List<LoggedRequest> requests = lurkr.requests(GUILD_ID);
        return requests.get(to).getLoggedDate().getTime() - requests.get(from).getLoggedDate().getTime();
    }

    // --- Refused requests: permanent, one request, the steps to fix it -------------------------------------------

    @Test
    void a401WithAKeySaysTheKeyWasRefusedAndHowToReplaceIt() {
        lurkr.servePage(GUILD_ID, 1, LurkrStandIn.error(401, "Invalid API key"));

        XpSourceException e = failure(LurkrSettings.defaults().with("api-key", KEY));

        assertThat(lurkr.requests(GUILD_ID)).hasSize(1);
        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.reason()).isEqualTo("invalid-key");
        assertThat(e.getMessage()).contains("Lurkr answered 401 for the leaderboard of guild " + GUILD_ID,
                "the API key was refused", "grant it this server", "lurkrApiKey", "LURKR_API_KEY",
                "(Lurkr says: \"Invalid API key\"). Not retried");
    }

    @Test
    void a401WithoutAKeySaysAKeyIsNeeded() {
        lurkr.servePage(GUILD_ID, 1, LurkrStandIn.error(401, "Unauthorized"));

        XpSourceException e = failure(LurkrSettings.defaults());

        assertThat(e.reason()).isEqualTo("unauthorized");
        assertThat(e.getMessage()).contains("Lurkr wants an API key", "lurkrApiKey");
    }

    @Test
    void a403SaysWhoMustGrantTheKeyTheServer() {
        lurkr.servePage(GUILD_ID, 1, LurkrStandIn.error(403, "Missing Access"));

        XpSourceException withKey = failure(LurkrSettings.defaults().with("api-key", KEY));
        XpSourceException withoutKey = failure(LurkrSettings.defaults());

        assertThat(withKey.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(withKey.reason()).isEqualTo("forbidden");
        assertThat(withKey.getMessage()).contains("the API key has no access to this server",
                "An owner or administrator of the Discord server must grant the key access to it",
                "Lurkr says: \"Missing Access\"");
        assertThat(withoutKey.reason()).isEqualTo("forbidden");
        assertThat(withoutKey.getMessage()).contains("does not show this leaderboard without a key");
        assertThat(lurkr.requests(GUILD_ID)).hasSize(2);
    }

    @Test
    void a404NamesTheGuildAndTheVariable() {
        lurkr.servePage(GUILD_ID, 1, LurkrStandIn.fixture(404, "error-404-unknown-guild.json"));

        XpSourceException e = failure(LurkrSettings.defaults());

        assertThat(lurkr.requests(GUILD_ID)).hasSize(1);
        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.reason()).isEqualTo("unknown-guild");
        assertThat(e.getMessage()).contains("guild " + GUILD_ID, "Check DISCORD_GUILD_ID", "Guild not found");
    }

    // --- Pages that cannot be trusted ----------------------------------------------------------------------------

    @Test
    void aPageOfAnotherGuildIsRefused() {
        lurkr.servePage(GUILD_ID, 1, LurkrStandIn.okJson(LurkrStandIn.pageJson("111111111111111111", 1,
                LurkrStandIn.players(100, FIRST_ID, 1_000_000))));

        XpSourceException e = failure(LurkrSettings.defaults());

        assertThat(lurkr.requests(GUILD_ID)).hasSize(1);
        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.reason()).isEqualTo("wrong-guild");
        assertThat(e.getMessage()).startsWith("Lurkr answered page 1 of guild 111111111111111111 (asked: guild "
                + GUILD_ID + "): a page of another guild").endsWith("points at Lurkr's API. Not retried");
    }

    @Test
    void aGapInTheRanksBetweenTwoPagesIsRefused() {
        List<LurkrStandIn.Player> players = LurkrStandIn.players(200, FIRST_ID, 1_000_000);
        lurkr.servePage(GUILD_ID, 1, LurkrStandIn.okJson(page(1, players.subList(0, 100))));
        // page 2 starts at rank 102: one rank of the board is on neither page
        lurkr.servePage(GUILD_ID, 2, LurkrStandIn.okJson(LurkrStandIn.pageJson(GUILD_ID, players.subList(100, 150),
                102, List.of())));

        XpSourceException e = failure(LurkrSettings.defaults());

        assertThat(lurkr.pagesRequested(GUILD_ID)).containsExactly(1, 2);
        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.reason()).isEqualTo("rank-gap");
        assertThat(e.facts().pagesRequested()).isEqualTo(2);
        assertThat(e.getMessage()).contains("Lurkr page 2 of guild " + GUILD_ID + " has rank 102 at levels[0] where "
                + "rank 101 belongs (page 2 holds ranks 101 on)");
    }

    @Test
    void aPageReadOutOfSequenceMustStartAtItsOwnRank() {
        // a cache that ignores the query string answers page 1 whatever is asked
        lurkr.serveEveryPage(GUILD_ID, LurkrStandIn.okJson(page(1, LurkrStandIn.players(100, FIRST_ID, 1_000_000))));

        XpSourceException e = failure(LurkrSettings.defaults(), new XpRequest(List.of(), false,
                new XpRequest.Slice(7, 2), null));

        assertThat(lurkr.pagesRequested(GUILD_ID)).as("page 1 (the guard's top XP), then the slice")
                .containsExactly(1, 8);
        assertThat(e.reason()).isEqualTo("rank-gap");
        assertThat(e.getMessage()).contains("Lurkr page 8 of guild " + GUILD_ID + " has rank 1 at levels[0] where "
                + "rank 701 belongs");
    }

    @Test
    void xpOutsideLurkrsInt32RangeIsCorruptData() {
        for (String xp : new String[] { "2147483648", "-1", "99999999999999999999" }) {
            lurkr.reset();
            lurkr.servePage(GUILD_ID, 1, LurkrStandIn.okJson("{\"guild\":{\"id\":\"" + GUILD_ID + "\"},\"levels\":["
                    + "{\"userId\":\"401234567890123400\",\"xp\":" + xp + ",\"rank\":1}]}"));

            XpSourceException e = failure(LurkrSettings.defaults());

            assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
            assertThat(e.reason()).isEqualTo("invalid-data");
            assertThat(e.getMessage()).startsWith("Lurkr leaderboard page 1, levels[0].xp: ")
                    .contains(xp, "2147483647", "nothing was synced");
        }
    }

    @Test
    void theLargestInt32XpIsAReading() {
        lurkr.servePage(GUILD_ID, 1, LurkrStandIn.okJson("{\"guild\":{\"id\":\"" + GUILD_ID + "\"},\"levels\":["
                + "{\"userId\":\"401234567890123400\",\"xp\":2147483647,\"rank\":1}]}"));

        XpSnapshot snapshot = reader(LurkrSettings.defaults()).read(lookFor("401234567890123400"));

        assertThat(snapshot.xpByAccount()).isEqualTo(Map.of("401234567890123400", 2_147_483_647L));
        assertThat(snapshot.board().maxXpPerHour()).as("no XP rate on the page").isNull();
    }

    // --- Transient failures and the rate limit ---------------------------------------------------------------

    @Test
    void waitsTheRetryAfterOfA429() {
        lurkr.servePageInTurn(GUILD_ID, 1, LurkrStandIn.fixture(429, "error-429-rate-limited.json")
                .withHeader("Retry-After", "1").withHeader("X-RateLimit-Remaining", "0"),
                LurkrStandIn.okJson(page(1, LurkrStandIn.players(10, FIRST_ID, 1_000_000))));

        XpSnapshot snapshot = reader(LurkrSettings.defaults()).read(lookFor(String.valueOf(FIRST_ID)));

        assertThat(snapshot.facts().retries()).isEqualTo(1);
        assertThat(gap(0, 1)).isGreaterThanOrEqualTo(995);
        assertThat(snapshot.xpByAccount()).containsKey(String.valueOf(FIRST_ID));
    }

    @Test
    void aRateLimitThatDoesNotLiftIsTransient() {
        lurkr.servePage(GUILD_ID, 1, LurkrStandIn.fixture(429, "error-429-rate-limited.json"));

        XpSourceException e = failure(LurkrSettings.defaults());

        assertThat(lurkr.requests(GUILD_ID)).hasSize(3);
        assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(e.reason()).isEqualTo("rate-limited");
        assertThat(e.getMessage()).contains("Lurkr leaderboard page 1 of guild " + GUILD_ID,
                "LURKR_RETRY_MAX_ATTEMPTS=3 reached", "HTTP 429 Too Many Requests, no Retry-After",
                "Lurkr says: \"You are being rate limited\"");
    }

    @Test
    void pausesBeforeTheLimitWhenTheHeadersSayNoRequestIsLeft() {
        List<LurkrStandIn.Player> players = LurkrStandIn.players(150, FIRST_ID, 1_000_000);
        lurkr.servePage(GUILD_ID, 1, LurkrStandIn.okJson(page(1, players.subList(0, 100)))
                .withHeader("X-RateLimit-Limit", "120").withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", "1"));
        lurkr.servePage(GUILD_ID, 2, LurkrStandIn.okJson(page(2, players.subList(100, 150)))
                .withHeader("X-RateLimit-Limit", "120").withHeader("X-RateLimit-Remaining", "119")
                .withHeader("X-RateLimit-Reset", "60"));

        XpSnapshot snapshot = reader(LurkrSettings.defaults()).read(lookFor("1"));

        assertThat(lurkr.pagesRequested(GUILD_ID)).as("no 429 provoked, none retried").containsExactly(1, 2);
        assertThat(gap(0, 1)).as("waited for the window to reset").isGreaterThanOrEqualTo(995);
        assertThat(snapshot.facts().retries()).isZero();
    }

    @Test
    void requestsLeftInTheWindowAskForNoPause() {
        List<LurkrStandIn.Player> players = LurkrStandIn.players(150, FIRST_ID, 1_000_000);
        ResponseDefinitionBuilder first = LurkrStandIn.okJson(page(1, players.subList(0, 100)))
                .withHeader("X-RateLimit-Remaining", "3").withHeader("X-RateLimit-Reset", "30");
        lurkr.servePage(GUILD_ID, 1, first);
        lurkr.servePage(GUILD_ID, 2, LurkrStandIn.okJson(page(2, players.subList(100, 150))));

        reader(LurkrSettings.defaults()).read(lookFor("1"));

        assertThat(gap(0, 1)).isLessThan(900);
    }

    @Test
    void retriesAnHtmlPageFromACdn() {
        lurkr.servePageInTurn(GUILD_ID, 1, com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)
                .withHeader("Content-Type", "text/html").withBody("<html><body>502 Bad Gateway</body></html>"),
                LurkrStandIn.okJson(page(1, LurkrStandIn.players(10, FIRST_ID, 1_000_000))));

        XpSnapshot snapshot = reader(LurkrSettings.defaults()).read(lookFor("1"));

        assertThat(snapshot.facts().retries()).isEqualTo(1);
    }

    @Test
    void theKeyIsNeverLoggedNorInAMessage() {
        try (LogCapture logs = LogCapture.start()) {
            lurkr.servePage(GUILD_ID, 1, com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)
                    .withBody("<html>X-API-Key: " + KEY + "</html>"));
            String transientMessage = failure(LurkrSettings.defaults().with("api-key", KEY)).getMessage();
            lurkr.servePage(GUILD_ID, 1, LurkrStandIn.error(401, "Invalid API key " + KEY));
            String permanentMessage = failure(LurkrSettings.defaults().with("api-key", KEY)).getMessage();

            assertThat(transientMessage).doesNotContain(KEY).contains("***");
            assertThat(permanentMessage).doesNotContain(KEY).contains("***");
            assertThat(logs.text()).doesNotContain(KEY).contains("***");
        }
    }

    @Test
    void theReaderNeedsAGuild() {
        LurkrReader reader = new LurkrReader(LurkrSettings.defaults().build(), "test", null,
                dev.mee6sync.board.GuildSetting.of(java.util.Optional.empty(), java.util.Optional.empty()));

        assertThatThrownBy(() -> reader.read(lookFor("1"))).isInstanceOf(XpSourceException.class)
                .hasMessageStartingWith("DISCORD_GUILD_ID is not set")
                .extracting(e -> ((XpSourceException) e).reason()).isEqualTo("not-configured");
    }
}
