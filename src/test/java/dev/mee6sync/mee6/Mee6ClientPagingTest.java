package dev.mee6sync.mee6;

import static dev.mee6sync.testing.Mee6StandIn.GUILD_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.mee6sync.testing.Mee6Settings;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;
import io.quarkus.test.junit.QuarkusTest;

/** Paging and stop rules, against the WireMock stand-in for MEE6. */
@QuarkusTest
class Mee6ClientPagingTest {

    private final Mee6StandIn mee6 = Mee6StandIn.get();

    @Inject
    Mee6Client client;

    @BeforeEach
    void reset() {
        mee6.reset();
    }

    private static LeaderboardFetcher fetcher(Mee6Settings settings) {
        return new LeaderboardFetcher(settings.build(), Mee6Client.userAgent("test"));
    }

    @Test
    void readsEveryPageUntilAShortOne() {
        List<Player> board = Mee6StandIn.players(250, 100_000_000_000_000_000L, 1_000_000);
        mee6.serveBoard(GUILD_ID, board, 100);

        Mee6Snapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "100")).fetch(
                List.of("100000000000000000", "100000000000000249", "999999999999999999"));

        assertEquals(List.of(0, 1, 2), mee6.pagesRequested(GUILD_ID));
        assertEquals(Set.of("100000000000000000", "100000000000000249"), snapshot.members().keySet());
        assertEquals(1_000_000L, snapshot.find("100000000000000000").orElseThrow().xp());
        assertEquals(1_000_000L - 2490, snapshot.find("100000000000000249").orElseThrow().xp());
        assertFalse(snapshot.find("999999999999999999").isPresent());
        FetchFacts facts = snapshot.facts();
        assertEquals(3, facts.pagesRequested());
        assertEquals(250, facts.playersRead());
        assertEquals(0, facts.duplicatesDropped());
        assertEquals(0, facts.retries());
    }

    @Test
    void stopsAsSoonAsEveryRequestedMemberIsFound() {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(1000, 100_000_000_000_000_000L, 1_000_000), 100);

        Mee6Snapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "100"))
                .fetch(List.of("100000000000000005", "100000000000000299"));

        assertEquals(List.of(0, 1, 2), mee6.pagesRequested(GUILD_ID), "no page after the one completing the set");
        assertEquals(2, snapshot.members().size());
        assertEquals(3, snapshot.facts().pagesRequested());
        assertEquals(300, snapshot.facts().playersRead());
    }

    @Test
    void endsAtAnEmptyPage() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.fixture(200, "leaderboard-page-0.json"));
        mee6.servePage(GUILD_ID, 1, Mee6StandIn.fixture(200, "leaderboard-page-1-empty.json"));

        // the fixture's 7 players fill a page of 7: only the empty page 1 tells the board is over
        Mee6Snapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "7"))
                .fetch(List.of("401234567890123456", "543210987654321098", "111111111111111111"));

        assertEquals(List.of(0, 1), mee6.pagesRequested(GUILD_ID));
        assertEquals(new MemberXp(1_893_402, 99, 41_877), snapshot.find("401234567890123456").orElseThrow());
        assertEquals(new MemberXp(150, 1, 7), snapshot.find("543210987654321098").orElseThrow());
        assertEquals(2, snapshot.members().size());
        assertEquals(new FetchFacts(2, 7, 0, 0, snapshot.facts().durationMs()), snapshot.facts());
    }

    @Test
    void endsAtAGeneratedEmptyPageWhenTheBoardFillsItsLastPage() {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(200, 100_000_000_000_000_000L, 1_000_000), 100);

        Mee6Snapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "100")).fetch(List.of("1"));

        assertEquals(List.of(0, 1, 2), mee6.pagesRequested(GUILD_ID));
        assertTrue(snapshot.members().isEmpty());
        assertEquals(200, snapshot.facts().playersRead());
    }

    @Test
    void endsAtAShortFirstPage() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.fixture(200, "leaderboard-page-0.json"));

        Mee6Snapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "100")).fetch(List.of("1"));

        assertEquals(List.of(0), mee6.pagesRequested(GUILD_ID));
        assertEquals(7, snapshot.facts().playersRead());
    }

    @Test
    void noIdsNoRequest() {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(10, 1, 1000), 100);

        Mee6Snapshot snapshot = fetcher(Mee6Settings.defaults()).fetch(List.of());

        assertEquals(List.of(), mee6.requests(GUILD_ID));
        assertEquals(Map.of(), snapshot.members());
        assertEquals(FetchFacts.NONE, snapshot.facts());
    }

    @Test
    void keepsSnowflakesExact() {
        // 2^63 and 2^64 do not fit a long, and no 19-digit id fits a double exactly
        List<String> ids = List.of("1234567890123456789", "9223372036854775808", "18446744073709551616");
        List<Player> board = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            board.add(new Player(ids.get(i), 3000 - i));
        }
        mee6.serveBoard(GUILD_ID, board, 100);

        Mee6Snapshot snapshot = fetcher(Mee6Settings.defaults()).fetch(ids);

        assertEquals(Set.copyOf(ids), snapshot.members().keySet());
        assertEquals(2999, snapshot.find("9223372036854775808").orElseThrow().xp());
    }

    @Test
    void keepsTheFirstReadingOfAPlayerSeenOnTwoPages() {
        // player 13 slipped from page 0 to page 1 between the two requests: its first, higher-ranked reading wins
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.okJson(Mee6StandIn.pageJson(GUILD_ID, 0, List.of(
                new Player("11", 1000), new Player("12", 900), new Player("13", 800)))));
        mee6.servePage(GUILD_ID, 1, Mee6StandIn.okJson(Mee6StandIn.pageJson(GUILD_ID, 1, List.of(
                new Player("13", 790), new Player("14", 700), new Player("15", 600)))));
        mee6.servePage(GUILD_ID, 2, Mee6StandIn.okJson(Mee6StandIn.pageJson(GUILD_ID, 2, List.of())));

        Mee6Snapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "3"))
                .fetch(List.of("13", "15", "99"));

        assertEquals(800, snapshot.find("13").orElseThrow().xp());
        assertEquals(600, snapshot.find("15").orElseThrow().xp());
        assertEquals(new FetchFacts(3, 6, 1, 0, snapshot.facts().durationMs()), snapshot.facts());
    }

    @Test
    void failsWhenTheBoardDoesNotEndWithinMaxPages() {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(1000, 100_000_000_000_000_000L, 1_000_000), 10);

        Mee6FetchException e = assertThrows(Mee6FetchException.class,
                () -> fetcher(Mee6Settings.defaults().with("page-size", "10").with("max-pages", "3"))
                        .fetch(List.of("1")));

        assertEquals(List.of(0, 1, 2), mee6.pagesRequested(GUILD_ID));
        assertTrue(e.isPermanent());
        assertTrue(e.getMessage().contains("did not end within MEE6_MAX_PAGES=3 pages of MEE6_PAGE_SIZE=10 players"),
                e.getMessage());
        assertTrue(e.getMessage().contains("raise MEE6_MAX_PAGES"), e.getMessage());
    }

    @Test
    void maxPagesIsEnoughWhenTheBoardEndsOnTheLastAllowedPage() {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(25, 100_000_000_000_000_000L, 1_000_000), 10);

        Mee6Snapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "10").with("max-pages", "3"))
                .fetch(List.of("1"));

        assertEquals(25, snapshot.facts().playersRead());
    }

    @Test
    void sendsThePageSizeAndWaitsThePageDelayBetweenPagesOnly() {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(120, 100_000_000_000_000_000L, 1_000_000), 50);
        long started = System.currentTimeMillis();

        fetcher(Mee6Settings.defaults().with("page-size", "50").with("page-delay", "500ms")).fetch(List.of("1"));

        List<LoggedRequest> requests = mee6.requests(GUILD_ID);
        assertEquals(3, requests.size());
        for (int i = 0; i < requests.size(); i++) {
            assertEquals(String.valueOf(i), requests.get(i).queryParameter("page").firstValue());
            assertEquals("50", requests.get(i).queryParameter("limit").firstValue());
        }
        long first = requests.get(0).getLoggedDate().getTime() - started;
        assertTrue(first < 500, "the first page was asked " + first + " ms after the start: no delay before it");
        for (int i = 1; i < requests.size(); i++) {
            long gap = requests.get(i).getLoggedDate().getTime() - requests.get(i - 1).getLoggedDate().getTime();
            assertTrue(gap >= 495, "only " + gap + " ms between page " + (i - 1) + " and page " + i);
        }
    }

    @Test
    void theInjectedClientUsesTheApplicationSettingsAndIdentifiesItself() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.fixture(200, "leaderboard-page-0.json"));

        Mee6Snapshot snapshot = client.fetchAllMemberXp(List.of("298765432109876543"));

        assertEquals(137_575, snapshot.find("298765432109876543").orElseThrow().xp());
        LoggedRequest request = mee6.requests(GUILD_ID).get(0);
        assertEquals("100", request.queryParameter("limit").firstValue(), "the application's page size (%test.mee6.page-size)");
        assertEquals("mee6-sync/1.0.0-SNAPSHOT (+https://github.com/mee6-sync)", request.getHeader("User-Agent"));
        assertFalse(request.containsHeader("Authorization"), "no token configured: no Authorization header");
    }

    @Test
    void levelAndMessageCountDefaultToZero() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.okJson("{\"page\":0,\"players\":[{\"id\":\"7\",\"xp\":42}]}"));

        Mee6Snapshot snapshot = fetcher(Mee6Settings.defaults()).fetch(List.of("7"));

        assertEquals(new MemberXp(42, 0, 0), snapshot.find("7").orElseThrow());
    }
}
