package dev.mee6sync.mee6;

import static dev.mee6sync.testing.Mee6StandIn.GUILD_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mee6sync.testing.Mee6Settings;
import dev.mee6sync.testing.Mee6StandIn;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Data MEE6 sends that we refuse: the whole fetch fails, permanently, with a message naming the page and the field,
 * and the page is not asked again.
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
                Arguments.of("{\"id\":\"22\",\"xp\":-5}", "players[1].xp: expected a non-negative integer, got -5 (player 22)"),
                Arguments.of("{\"id\":\"22\",\"xp\":12.5}", "players[1].xp: expected a non-negative integer, got 12.5"),
                Arguments.of("{\"id\":\"22\",\"xp\":\"150\"}", "players[1].xp: expected a non-negative integer, got \"150\""),
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
        LeaderboardFetcher fetcher = new LeaderboardFetcher(Mee6Settings.defaults().with("page-size", "3").build(),
                Mee6Client.userAgent("test"));

        Mee6FetchException e = assertThrows(Mee6FetchException.class,
                () -> fetcher.fetch(List.of("100000000000000000", "21", "23")));

        assertEquals(List.of(0, 1), mee6.pagesRequested(GUILD_ID), "refused data is not asked again");
        assertTrue(e.isPermanent());
        assertEquals(1, e.page());
        assertEquals(200, e.httpStatus());
        assertTrue(e.getMessage().startsWith("MEE6 leaderboard page 1, " + expected), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was synced"), e.getMessage());
        assertNull(e.getCause());
    }
}
