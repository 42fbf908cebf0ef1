package dev.mee6sync.mee6;

import static dev.mee6sync.testing.Mee6StandIn.GUILD_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static dev.mee6sync.testing.XpRequests.account;
import static dev.mee6sync.testing.XpRequests.fullRead;
import static dev.mee6sync.testing.XpRequests.lookFor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.mee6sync.board.BoardReader;
import dev.mee6sync.testing.LogCapture;
import dev.mee6sync.testing.Mee6Settings;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;
import dev.mee6sync.xp.FetchFacts;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;
import dev.mee6sync.xp.XpSourceException;
import io.quarkus.test.junit.QuarkusTest;

/** Paging and stop rules (XP floor, full read), against the WireMock stand-in for MEE6. */
@QuarkusTest
class Mee6ClientPagingTest {

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

    @Test
    void readsEveryPageUntilAShortOne() {
        List<Player> board = Mee6StandIn.players(250, 100_000_000_000_000_000L, 1_000_000);
        mee6.serveBoard(GUILD_ID, board, 100);

        XpSnapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "100")).fetch(
                lookFor("100000000000000000", "100000000000000249", "999999999999999999"));

        assertEquals(List.of(0, 1, 2), mee6.pagesRequested(GUILD_ID));
        assertEquals(Set.of("100000000000000000", "100000000000000249"), snapshot.xpByAccount().keySet());
        assertEquals(1_000_000L, snapshot.xp("100000000000000000").orElseThrow());
        assertEquals(1_000_000L - 2490, snapshot.xp("100000000000000249").orElseThrow());
        assertFalse(snapshot.xp("999999999999999999").isPresent());
        FetchFacts facts = snapshot.facts();
        assertEquals(3, facts.pagesRequested());
        assertEquals(250, facts.playersRead());
        assertEquals(0, facts.duplicatesDropped());
        assertEquals(0, facts.retries());
    }

    @Test
    void stopsAsSoonAsEveryRequestedMemberIsFound() {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(1000, 100_000_000_000_000_000L, 1_000_000), 100);

        XpSnapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "100"))
                .fetch(lookFor("100000000000000005", "100000000000000299"));

        assertEquals(List.of(0, 1, 2), mee6.pagesRequested(GUILD_ID), "no page after the one completing the set");
        assertEquals(2, snapshot.xpByAccount().size());
        assertEquals(3, snapshot.facts().pagesRequested());
        assertEquals(300, snapshot.facts().playersRead());
    }

    @Test
    void endsAtAnEmptyPage() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.fixture(200, "leaderboard-page-0.json"));
        mee6.servePage(GUILD_ID, 1, Mee6StandIn.fixture(200, "leaderboard-page-1-empty.json"));

        // the fixture's 7 players fill a page of 7: only the empty page 1 tells the board is over
        XpSnapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "7"))
                .fetch(lookFor("401234567890123456", "543210987654321098", "111111111111111111"));

        assertEquals(List.of(0, 1), mee6.pagesRequested(GUILD_ID));
        assertEquals(1_893_402L, snapshot.xp("401234567890123456").orElseThrow());
        assertEquals(150L, snapshot.xp("543210987654321098").orElseThrow());
        assertEquals(2, snapshot.xpByAccount().size());
        assertEquals(new FetchFacts(2, 7, 0, 0, snapshot.facts().durationMs(), true), snapshot.facts());
    }

    @Test
    void endsAtAGeneratedEmptyPageWhenTheBoardFillsItsLastPage() {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(200, 100_000_000_000_000_000L, 1_000_000), 100);

        XpSnapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "100")).fetch(lookFor("1"));

        assertEquals(List.of(0, 1, 2), mee6.pagesRequested(GUILD_ID));
        assertTrue(snapshot.xpByAccount().isEmpty());
        assertEquals(200, snapshot.facts().playersRead());
    }

    @Test
    void endsAtAShortFirstPage() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.fixture(200, "leaderboard-page-0.json"));

        XpSnapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "100")).fetch(lookFor("1"));

        assertEquals(List.of(0), mee6.pagesRequested(GUILD_ID));
        assertEquals(7, snapshot.facts().playersRead());
    }

    @Test
    void noIdsNoRequest() {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(10, 1, 1000), 100);

        XpSnapshot snapshot = fetcher(Mee6Settings.defaults()).fetch(lookFor());

        assertEquals(List.of(), mee6.requests(GUILD_ID));
        assertEquals(Map.of(), snapshot.xpByAccount());
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

        XpSnapshot snapshot = fetcher(Mee6Settings.defaults()).fetch(lookFor(ids.toArray(String[]::new)));

        assertEquals(Set.copyOf(ids), snapshot.xpByAccount().keySet());
        assertEquals(2999, snapshot.xp("9223372036854775808").orElseThrow());
    }

    @Test
    void keepsTheFirstReadingOfAPlayerSeenOnTwoPages() {
        // player 13 slipped from page 0 to page 1 between the two requests: its first, higher-ranked reading wins
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.okJson(Mee6StandIn.pageJson(GUILD_ID, 0, List.of(
                new Player("11", 1000), new Player("12", 900), new Player("13", 800)))));
        mee6.servePage(GUILD_ID, 1, Mee6StandIn.okJson(Mee6StandIn.pageJson(GUILD_ID, 1, List.of(
                new Player("13", 790), new Player("14", 700), new Player("15", 600)))));
        mee6.servePage(GUILD_ID, 2, Mee6StandIn.okJson(Mee6StandIn.pageJson(GUILD_ID, 2, List.of())));

        XpSnapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "3"))
                .fetch(lookFor("13", "15", "99"));

        assertEquals(800, snapshot.xp("13").orElseThrow());
        assertEquals(600, snapshot.xp("15").orElseThrow());
        assertEquals(new FetchFacts(3, 6, 1, 0, snapshot.facts().durationMs(), true), snapshot.facts());
    }

    @Test
    void failsWhenTheBoardDoesNotEndWithinMaxPages() {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(1000, 100_000_000_000_000_000L, 1_000_000), 10);

        XpSourceException e = assertThrows(XpSourceException.class,
                () -> fetcher(Mee6Settings.defaults().with("page-size", "10").with("max-pages", "3"))
                        .fetch(lookFor("1")));

        assertEquals(List.of(0, 1, 2), mee6.pagesRequested(GUILD_ID));
        assertEquals(XpSourceException.Kind.PERMANENT, e.kind());
        assertEquals("MEE6", e.source());
        assertEquals(3, e.facts().pagesRequested());
        assertTrue(e.getMessage().contains("did not end within MEE6_MAX_PAGES=3 pages of MEE6_PAGE_SIZE=10 players"),
                e.getMessage());
        assertTrue(e.getMessage().contains("raise MEE6_MAX_PAGES"), e.getMessage());
    }

    @Test
    void maxPagesIsEnoughWhenTheBoardEndsOnTheLastAllowedPage() {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(25, 100_000_000_000_000_000L, 1_000_000), 10);

        XpSnapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "10").with("max-pages", "3"))
                .fetch(lookFor("1"));

        assertEquals(25, snapshot.facts().playersRead());
    }

    @Test
    void sendsThePageSizeAndWaitsThePageDelayBetweenPagesOnly() {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(120, 100_000_000_000_000_000L, 1_000_000), 50);
        long started = System.currentTimeMillis();

        fetcher(Mee6Settings.defaults().with("page-size", "50").with("page-delay", "500ms")).fetch(lookFor("1"));

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

        XpSnapshot snapshot = source.read(lookFor("298765432109876543"));

        assertEquals("MEE6", source.name());
        assertEquals(Optional.of(GUILD_ID), source.guildId());
        assertEquals(List.of(), source.configurationProblems());
        assertEquals(137_575L, snapshot.xp("298765432109876543").orElseThrow());
        LoggedRequest request = mee6.requests(GUILD_ID).get(0);
        assertEquals("100", request.queryParameter("limit").firstValue(),
                "the application's page size (%test.mee6.page-size)");
        assertEquals("mee6-sync/1.0.0-SNAPSHOT", request.getHeader("User-Agent"));
        assertFalse(request.containsHeader("Authorization"), "no token configured: no Authorization header");
    }

    @Test
    void levelAndMessageCountMayBeMissing() {
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.okJson("{\"page\":0,\"guild\":{\"id\":\"" + GUILD_ID
                + "\"},\"players\":[{\"id\":\"7\",\"xp\":42}]}"));

        XpSnapshot snapshot = fetcher(Mee6Settings.defaults()).fetch(lookFor("7"));

        assertEquals(42L, snapshot.xp("7").orElseThrow());
    }

    // --- XP floor and full reads -------------------------------------------------------------------------------------

    /** 3,000 players over 30 full pages of 100 and an empty page 30; XP 1,000,000 down by 10 a rank. */
    private static final long FIRST_ID = 100_000_000_000_000_000L;

    private static String rank(int rank) {
        return String.valueOf(FIRST_ID + rank);
    }

    private static long xpAt(int rank) {
        return 1_000_000 - 10L * rank;
    }

    private void serveThirtyPages() {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(3000, FIRST_ID, 1_000_000), 100);
    }

    private XpRequest floors(boolean fullRead) {
        return new XpRequest(List.of(
                // on page 0, a little above its floor
                account(rank(50), xpAt(50) - 100),
                // left the server: its floor is exactly the last XP of page 1, so a player with that XP may be the
                // first of page 2 (ties), and page 2 is read; page 2 ends below it, and the fetch stops there
                account("999999999999999999", xpAt(199)),
                // never observed: not looked for, found when on a page read
                account(rank(120), null),
                account(rank(1000), null)), fullRead, null);
    }

    @Test
    void aNonFullReadStopsAfterThePageThatEndsBelowEveryUnfoundFloor() {
        serveThirtyPages();

        XpSnapshot snapshot;
        try (LogCapture logs = LogCapture.start()) {
            snapshot = fetcher(Mee6Settings.defaults().with("page-size", "100")).fetch(floors(false));
            assertTrue(logs.text().contains("MEE6 leaderboard of guild " + GUILD_ID + " read: 3 pages, 300 players, "
                    + "2/4 requested members found, 0 duplicates dropped, 0 retries"), logs.text());
            assertTrue(logs.text().contains("stopped at the XP floor"), logs.text());
        }

        assertEquals(List.of(0, 1, 2), mee6.pagesRequested(GUILD_ID));
        assertEquals(Map.of(rank(50), xpAt(50), rank(120), xpAt(120)), snapshot.xpByAccount());
        assertFalse(snapshot.facts().readToEnd(), "stopped early: not the end of the board");
        assertEquals(3, snapshot.facts().pagesRequested());
        assertEquals(300, snapshot.facts().distinctPlayers());
    }

    @Test
    void aFullReadReadsTheWholeBoardWhateverTheFloorsSay() {
        serveThirtyPages();

        XpSnapshot snapshot;
        try (LogCapture logs = LogCapture.start()) {
            snapshot = fetcher(Mee6Settings.defaults().with("page-size", "100")).fetch(floors(true));
            assertTrue(logs.text().contains("31 pages, 3000 players, 3/4 requested members found"), logs.text());
            assertTrue(logs.text().contains("full read, to the end of the board"), logs.text());
        }

        assertEquals(31, mee6.pagesRequested(GUILD_ID).size());
        assertEquals(Map.of(rank(50), xpAt(50), rank(120), xpAt(120), rank(1000), xpAt(1000)),
                snapshot.xpByAccount());
        assertTrue(snapshot.facts().readToEnd());
        assertEquals(3000, snapshot.facts().distinctPlayers(), "the board's size, known from a full read");
    }

    @Test
    void aFullReadGoesOnOnceEveryoneIsFound() {
        serveThirtyPages();

        XpSnapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "100")).fetch(fullRead(rank(0)));

        assertEquals(31, mee6.pagesRequested(GUILD_ID).size());
        assertEquals(Map.of(rank(0), xpAt(0)), snapshot.xpByAccount());
        assertTrue(snapshot.facts().readToEnd());
    }

    @Test
    void aNonFullReadStopsOnceEveryAccountWithAFloorIsFound() {
        serveThirtyPages();

        XpSnapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "100")).fetch(new XpRequest(List.of(
                account(rank(10), xpAt(10)), account(rank(250), 0L), account(rank(2900), null)), false, null));

        assertEquals(List.of(0, 1, 2), mee6.pagesRequested(GUILD_ID), "the account without a floor is not looked for");
        assertEquals(Set.of(rank(10), rank(250)), snapshot.xpByAccount().keySet());
        assertFalse(snapshot.facts().readToEnd());
    }

    @Test
    void aNonFullReadWithoutAnyFloorMakesNoRequest() {
        serveThirtyPages();

        XpSnapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "100")).fetch(new XpRequest(List.of(
                account(rank(0), null), account(rank(1), null)), false, null));

        assertEquals(List.of(), mee6.requests(GUILD_ID), "nobody to look for outside a full read");
        assertEquals(Map.of(), snapshot.xpByAccount());
        assertEquals(FetchFacts.NONE, snapshot.facts());
    }

    @Test
    void aFloorAboveTheTopOfTheBoardStopsAfterTheFirstPage() {
        serveThirtyPages();

        XpSnapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "100"))
                .fetch(new XpRequest(List.of(account("999999999999999999", 2_000_000L)), false, null));

        assertEquals(List.of(0), mee6.pagesRequested(GUILD_ID));
        assertEquals(Map.of(), snapshot.xpByAccount());
    }

    @Test
    void theEndOfTheBoardIsReadToEndEvenWhenEveryoneIsFoundOnTheLastPage() {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(150, FIRST_ID, 1_000_000), 100);

        XpSnapshot snapshot = fetcher(Mee6Settings.defaults().with("page-size", "100")).fetch(lookFor(rank(149)));

        assertEquals(List.of(0, 1), mee6.pagesRequested(GUILD_ID));
        assertTrue(snapshot.facts().readToEnd(), "the short page 1 is the end of the board");
    }
}
