package dev.mee6sync.mee6;

import static dev.mee6sync.testing.XpRequests.account;
import static dev.mee6sync.testing.Mee6StandIn.GUILD_ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.board.BoardReader;
import dev.mee6sync.testing.Mee6Settings;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.XpRequests;
import dev.mee6sync.xp.BoardFacts;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The sweep's slice after the floor region, and what the board showed: on a board of 3,000 players over 30 full pages
 * of 100 and an empty page 30, XP 1,000,000 down by 10 a rank.
 */
@QuarkusTest
class Mee6ClientSliceTest {

    private static final long FIRST_ID = 100_000_000_000_000_000L;

    private final Mee6StandIn mee6 = Mee6StandIn.get();

    @BeforeEach
    void serveThirtyPages() {
        mee6.reset();
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(3000, FIRST_ID, 1_000_000), 100);
    }

    private static String rank(int rank) {
        return String.valueOf(FIRST_ID + rank);
    }

    private static long xpAt(int rank) {
        return 1_000_000 - 10L * rank;
    }

    private static LeaderboardFetcher fetcher(Mee6Settings settings) {
        return new LeaderboardFetcher(settings.with("page-size", "100").build(), BoardReader.defaultUserAgent("test"));
    }

    /** Floors that stop the floor region after page 2 (the last floor is the last XP of page 1), and the slice. */
    private static XpRequest floorsAndSlice(int firstPage, int pages, List<XpRequest.Account> others) {
        List<XpRequest.Account> accounts = new java.util.ArrayList<>(List.of(account(rank(50), xpAt(50) - 100),
                account("999999999999999999", xpAt(199))));
        accounts.addAll(others);
        return new XpRequest(accounts, false, new XpRequest.Slice(firstPage, pages), null);
    }

    @Test
    void aSliceThatStartsInTheFloorRegionGoesStraightOnAfterIt() {
        XpSnapshot snapshot = fetcher(Mee6Settings.defaults()).fetch(floorsAndSlice(1, 4, List.of()));

        assertThat(mee6.pagesRequested(GUILD_ID)).containsExactly(0, 1, 2, 3, 4);
        assertThat(snapshot.board().slice()).isEqualTo(new BoardFacts.SliceFacts(1, 2, 5, false, xpAt(100)));
        assertThat(snapshot.board().topXp()).isEqualTo(xpAt(9));
        assertThat(snapshot.board().reachedEnd()).isFalse();
        assertThat(snapshot.facts().pagesRequested()).isEqualTo(5);
        assertThat(snapshot.facts().readToEnd()).isFalse();
    }

    @Test
    void aSliceFurtherDownIsReadWhereItIsAndFindsAccountsWithoutFloor() {
        XpSnapshot snapshot = fetcher(Mee6Settings.defaults()).fetch(floorsAndSlice(20, 3,
                List.of(account(rank(2150), null), account(rank(2400), null))));

        assertThat(mee6.pagesRequested(GUILD_ID)).containsExactly(0, 1, 2, 20, 21, 22);
        assertThat(snapshot.xpByAccount()).isEqualTo(Map.of(rank(50), xpAt(50), rank(2150), xpAt(2150)));
        assertThat(snapshot.board().slice()).isEqualTo(new BoardFacts.SliceFacts(20, 3, 23, false, xpAt(2000)));
    }

    @Test
    void aSliceEndsAtTheEndOfTheBoardWithoutFailing() {
        XpSnapshot snapshot = fetcher(Mee6Settings.defaults()).fetch(floorsAndSlice(28, 5, List.of()));

        assertThat(mee6.pagesRequested(GUILD_ID)).containsExactly(0, 1, 2, 28, 29, 30);
        assertThat(snapshot.board().slice()).isEqualTo(new BoardFacts.SliceFacts(28, 3, 31, true, xpAt(2800)));
        assertThat(snapshot.board().endPage()).isEqualTo(30);
        assertThat(snapshot.board().players()).isEqualTo(3000);
        assertThat(snapshot.facts().readToEnd()).as("pages 3 to 27 were not read in this run").isFalse();
    }

    @Test
    void aSliceStraightOnFromTheFloorRegionToTheEndIsARunThatReadTheWholeBoard() {
        XpSnapshot snapshot = fetcher(Mee6Settings.defaults()).fetch(floorsAndSlice(3, 40, List.of()));

        assertThat(mee6.pagesRequested(GUILD_ID)).hasSize(31);
        // read without a gap from page 0 to the end: what it proves reaches the top of the board
        assertThat(snapshot.board().slice()).isEqualTo(new BoardFacts.SliceFacts(3, 28, 31, true, xpAt(0)));
        assertThat(snapshot.facts().readToEnd()).isTrue();
        assertThat(snapshot.facts().distinctPlayers()).isEqualTo(3000);
    }

    @Test
    void aSliceEndsAtTheRunsPageBoundWithoutFailing() {
        XpSnapshot snapshot = fetcher(Mee6Settings.defaults().with("max-pages", "5"))
                .fetch(floorsAndSlice(10, 5, List.of()));

        assertThat(mee6.pagesRequested(GUILD_ID)).containsExactly(0, 1, 2, 10, 11);
        assertThat(snapshot.board().slice()).isEqualTo(new BoardFacts.SliceFacts(10, 2, 12, false, xpAt(1000)));
    }

    @Test
    void aSliceEndsWhenTheNextPageWouldNotFitBeforeTheDeadline() {
        mee6.reset();
        List<Mee6StandIn.Player> players = Mee6StandIn.players(3000, FIRST_ID, 1_000_000);
        for (int page = 0; page < 30; page++) {
            mee6.servePage(GUILD_ID, page, Mee6StandIn.okJson(Mee6StandIn.pageJson(GUILD_ID, page,
                    players.subList(page * 100, (page + 1) * 100))).withFixedDelay(200));
        }
        XpRequest request = new XpRequest(List.of(account(rank(5), null)), false, new XpRequest.Slice(0, 30),
                Instant.now().plusMillis(1500));

        XpSnapshot snapshot = fetcher(Mee6Settings.defaults()).fetch(request);

        BoardFacts.SliceFacts slice = snapshot.board().slice();
        assertThat(slice.pagesRead()).isBetween(2, 6);
        assertThat(slice.nextPage()).as("page 0 was the floor region's").isEqualTo(slice.pagesRead() + 1);
        assertThat(slice.reachedEnd()).isFalse();
        assertThat(snapshot.xpByAccount()).containsEntry(rank(5), xpAt(5));
    }

    @Test
    void withoutAnyFloorPageZeroAndTheSliceAreRead() {
        XpSnapshot snapshot = fetcher(Mee6Settings.defaults()).fetch(new XpRequest(
                List.of(account(rank(550), null)), false, new XpRequest.Slice(5, 2), null));

        assertThat(mee6.pagesRequested(GUILD_ID)).containsExactly(0, 5, 6);
        assertThat(snapshot.xpByAccount()).isEqualTo(Map.of(rank(550), xpAt(550)));
        assertThat(snapshot.board().topXp()).as("page 0 is read for the guard's top XP").isEqualTo(xpAt(9));
        assertThat(snapshot.board().slice()).isEqualTo(new BoardFacts.SliceFacts(5, 2, 7, false, xpAt(500)));
    }

    @Test
    void aSliceTheFloorRegionReadWholeRequestsNothingMore() {
        XpSnapshot snapshot = fetcher(Mee6Settings.defaults()).fetch(floorsAndSlice(0, 2, List.of()));

        assertThat(mee6.pagesRequested(GUILD_ID)).containsExactly(0, 1, 2);
        assertThat(snapshot.board().slice()).isEqualTo(new BoardFacts.SliceFacts(0, 0, 3, false, xpAt(0)));
    }

    @Test
    void aFullReadIgnoresTheSlice() {
        XpSnapshot snapshot = fetcher(Mee6Settings.defaults()).fetch(new XpRequest(List.of(account(rank(1), null)),
                true, new XpRequest.Slice(5, 2), null));

        assertThat(mee6.pagesRequested(GUILD_ID)).hasSize(31);
        assertThat(snapshot.board().slice()).isNull();
        assertThat(snapshot.board()).isEqualTo(new BoardFacts(xpAt(9), 30, 3000, null, 1500L));
        assertThat(snapshot.facts().readToEnd()).isTrue();
    }

    // --- What the board showed -----------------------------------------------------------------------------------

    @Test
    void theTopXpOfAShortBoardIsItsHighestAndOfAnEmptyOneZero() {
        mee6.reset();
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(4, FIRST_ID, 5000), 100);
        assertThat(fetcher(Mee6Settings.defaults()).fetch(XpRequests.lookFor("1")).board())
                .isEqualTo(new BoardFacts(5000L, 0, 4, null, 1500L));

        mee6.reset();
        mee6.serveBoard(GUILD_ID, List.of(), 100);
        assertThat(fetcher(Mee6Settings.defaults()).fetch(XpRequests.lookFor("1")).board())
                .isEqualTo(new BoardFacts(0L, 0, 0, null, 1500L));
    }

    @Test
    void theMostXpAnHourComesFromTheXpPerMessageAndTheRateOnceAMinute() {
        assertThat(maxXpPerHour("\"xp_per_message\":[15,25],\"xp_rate\":1.5")).isEqualTo(2250L);
        assertThat(maxXpPerHour("\"xp_per_message\":[10,20],\"xp_rate\":1.1")).isEqualTo(1320L);
        assertThat(maxXpPerHour("\"xp_per_message\":[15,25],\"xp_rate\":2")).isEqualTo(3000L);
        assertThat(maxXpPerHour("\"xp_per_message\":[15,25]")).isNull();
        assertThat(maxXpPerHour("\"xp_rate\":1.0")).isNull();
        assertThat(maxXpPerHour("\"xp_per_message\":\"15-25\",\"xp_rate\":1.0")).isNull();
    }

    private Long maxXpPerHour(String rateFields) {
        mee6.reset();
        mee6.servePage(GUILD_ID, 0, Mee6StandIn.okJson("{\"page\":0,\"guild\":{\"id\":\"" + GUILD_ID + "\"},"
                + rateFields + ",\"players\":[{\"id\":\"7\",\"xp\":42}]}"));
        return fetcher(Mee6Settings.defaults()).fetch(XpRequests.lookFor("7")).board().maxXpPerHour();
    }
}
