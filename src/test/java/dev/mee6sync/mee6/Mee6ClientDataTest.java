package dev.mee6sync.mee6;

import static dev.mee6sync.testing.XpRequests.lookFor;
import static dev.mee6sync.testing.Mee6StandIn.GUILD_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mee6sync.board.BoardReader;
import dev.mee6sync.testing.Mee6Settings;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.xp.XpSourceException;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Data MEE6 sends that we refuse: the whole fetch fails, permanently, with a message naming the page and the field
 * (or the guild and page it answered), and the page is not asked again.
 */
@QuarkusTest
class Mee6ClientDataTest {

    private final Mee6StandIn mee6 = Mee6StandIn.get();

    @BeforeEach
    void reset() {
        mee6.reset();
    }

    static Stream<Arguments> refusedPlayers() {
        return Stream.of(
                Arguments.of("{\"id\":\"22\",\"level\":3}", "players[1].xp: missing (player 22)"),
                Arguments.of("{\"id\":\"22\",\"xp\":-5}",
                        "players[1].xp: expected a non-negative integer, got -5 (player 22)"),
                Arguments.of("{\"id\":\"22\",\"xp\":12.5}", "players[1].xp: expected a non-negative integer, got 12.5"),
                Arguments.of("{\"id\":\"22\",\"xp\":\"150\"}",
                        "players[1].xp: expected a non-negative integer, got \"150\""),
                Arguments.of("{\"id\":\"22\",\"xp\":10000000001}",
                        "players[1].xp: got 10000000001 (player 22), above MEE6_MAX_PLAUSIBLE_XP=10000000000"),
                Arguments.of("{\"id\":\"not-a-snowflake\",\"xp\":5}",
                        "players[1].id: expected a string of 1 to 20 digits, got \"not-a-snowflake\""),
                Arguments.of("{\"id\":401234567890123456,\"xp\":5}",
                        "players[1].id: expected a string of 1 to 20 digits, got 401234567890123456"),
                Arguments.of("{\"xp\":5}", "players[1].id: missing"));
    }

    @ParameterizedTest
    @MethodSource("refusedPlayers")
    void refusesTheWholeFetch(String badPlayer, String expected) {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(3, 100_000_000_000_000_000L, 1_000_000), 3);
        mee6.servePage(GUILD_ID, 1, Mee6StandIn.okJson(
                "{\"page\":1,\"players\":[{\"id\":\"21\",\"xp\":900}," + badPlayer + ",{\"id\":\"23\",\"xp\":800}]}"));
        LeaderboardFetcher fetcher = fetcher(3);

        XpSourceException e = assertThrows(XpSourceException.class,
                () -> fetcher.fetch(lookFor("100000000000000000", "21", "23")));

        assertEquals(List.of(0, 1), mee6.pagesRequested(GUILD_ID), "refused data is not asked again");
        assertEquals(XpSourceException.Kind.PERMANENT, e.kind());
        assertEquals(2, e.facts().pagesRequested());
        assertTrue(e.getMessage().startsWith("MEE6 leaderboard page 1, " + expected), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was synced"), e.getMessage());
        assertNull(e.getCause());
    }

    private static LeaderboardFetcher fetcher(int pageSize) {
        return new LeaderboardFetcher(Mee6Settings.defaults().with("page-size", String.valueOf(pageSize)).build(),
                BoardReader.defaultUserAgent("test"));
    }

    // --- Every page is of the guild and page asked for ------------------------------------------------------------

    private XpSourceException refusedPage(int pages, String expected) {
        XpSourceException e = assertThrows(XpSourceException.class, () -> fetcher(3).fetch(lookFor("1")));
        assertEquals(pages, mee6.requests(GUILD_ID).size(), "a refused page is not asked again");
        assertEquals(XpSourceException.Kind.PERMANENT, e.kind());
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertTrue(e.getMessage().endsWith("check MEE6_GUILD_ID, and whether a proxy or CDN in front of MEE6 serves "
                + "the wrong page. Not retried"), e.getMessage());
        return e;
    }

    @Test
    void aPageOfAnotherGuildIsRefused() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.okJson(Mee6StandIn.pageJson("111", 0,
                Mee6StandIn.players(3, 100_000_000_000_000_000L, 1_000_000))));

        refusedPage(1, "MEE6 answered page 0 of guild 111 (asked: page 0 of guild " + GUILD_ID + "): a page of "
                + "another guild is never used for points;");
    }

    @Test
    void aPageOtherThanTheOneAskedForIsRefused() {
        // a cache in front of MEE6 that ignores the query string: page 0 for every page number
        String page0 = Mee6StandIn.pageJson(GUILD_ID, 0, Mee6StandIn.players(3, 100_000_000_000_000_000L, 1_000_000));
        mee6.serveEverything(Mee6StandIn.okJson(page0));

        refusedPage(2, "MEE6 answered page 0 of guild " + GUILD_ID + " (asked: page 1 of guild " + GUILD_ID + "): a "
                + "page other than the one asked for is never used for points;");
    }

    @Test
    void aPageWithoutItsGuildIsRefused() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.okJson("{\"page\":0,\"players\":[{\"id\":\"1\",\"xp\":5}]}"));

        refusedPage(1, "MEE6 answered page 0 of guild (missing) (asked: page 0 of guild " + GUILD_ID + "): a page "
                + "that does not say which page of which guild it is");
    }

    @Test
    void aPageWithoutItsNumberIsRefused() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.okJson("{\"guild\":{\"id\":\"" + GUILD_ID + "\"},\"players\":[]}"));

        refusedPage(1, "MEE6 answered page (missing) of guild " + GUILD_ID + " (asked: page 0 of guild " + GUILD_ID
                + ")");
    }

    static Stream<Arguments> wronglyTypedProvenance() {
        return Stream.of(
                Arguments.of("\"guild\":{\"id\":" + GUILD_ID + "},\"page\":0", "MEE6 answered page 0 of guild "
                        + GUILD_ID + " (not a string) (asked: page 0 of guild " + GUILD_ID + ")"),
                Arguments.of("\"guild\":\"" + GUILD_ID + "\",\"page\":0", "MEE6 answered page 0 of guild (missing)"),
                Arguments.of("\"guild\":{\"id\":\"" + GUILD_ID + "\"},\"page\":\"0\"",
                        "MEE6 answered page \"0\" (not an integer) of guild " + GUILD_ID + " (asked"),
                Arguments.of("\"guild\":{\"id\":\"" + GUILD_ID + "\"},\"page\":0.5",
                        "MEE6 answered page 0.5 (not an integer) of guild "),
                Arguments.of("\"guild\":{\"id\":null},\"page\":null",
                        "MEE6 answered page null (not an integer) of guild null (not a string) (asked"));
    }

    /** A number where a string is due, or the reverse: refused, never coerced (a 19-digit id is no JSON number). */
    @ParameterizedTest
    @MethodSource("wronglyTypedProvenance")
    void aGuildOrPageOfTheWrongTypeIsRefused(String fields, String expected) {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.okJson("{" + fields + ",\"players\":[]}"));

        XpSourceException e = refusedPage(1, expected);
        assertTrue(e.getMessage().contains("does not say which page of which guild it is"), e.getMessage());
    }
}
