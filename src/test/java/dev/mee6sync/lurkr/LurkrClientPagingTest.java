package dev.mee6sync.lurkr;

import static dev.mee6sync.testing.LurkrStandIn.GUILD_ID;
import static dev.mee6sync.testing.XpRequests.lookFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.mee6sync.board.GuildSetting;
import dev.mee6sync.testing.LogCapture;
import dev.mee6sync.testing.LurkrSettings;
import dev.mee6sync.testing.LurkrStandIn;
import dev.mee6sync.xp.BoardFacts;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;
import io.quarkus.test.junit.QuarkusTest;

/** Lurkr's board through the reader: pages from 1 of 100 entries, the end, the floor stop, full reads and slices. */
@QuarkusTest
class LurkrClientPagingTest {

    private static final long FIRST_ID = 200_000_000_000_000_000L;

    private final LurkrStandIn lurkr = LurkrStandIn.get();

    @BeforeEach
    void reset() {
        lurkr.reset();
    }

    static LurkrReader reader(LurkrSettings settings) {
        return new LurkrReader(settings.build(), "lurkr-test-agent", null,
                GuildSetting.of(Optional.of(GUILD_ID), Optional.empty()));
    }

    private static String rank(int rank) {
        return String.valueOf(FIRST_ID + rank);
    }

    private static long xpAt(int rank) {
        return 1_000_000 - 10L * rank;
    }

    @Test
    void readsTheDocumentedShapeFromPageOne() {
        lurkr.servePage(GUILD_ID, 1, LurkrStandIn.fixture(200, "leaderboard-page-1.json"));
        lurkr.servePage(GUILD_ID, 2, LurkrStandIn.fixture(200, "leaderboard-page-2-last.json"));

        XpSnapshot snapshot = reader(LurkrSettings.defaults()).read(lookFor("401234567890123400", "401234567890123636",
                "999999999999999999"));

        assertThat(lurkr.pagesRequested(GUILD_ID)).containsExactly(1, 2);
        assertThat(snapshot.xpByAccount()).isEqualTo(Map.of("401234567890123400", 250_000L,
                "401234567890123636", 47_600L));
        assertThat(snapshot.facts().readToEnd()).isTrue();
        assertThat(snapshot.facts().playersRead()).isEqualTo(137);
        // 0-based in the port: Lurkr's page 2 ends the board, after 137 ranks; 25 XP a minute, a role doubles it
        assertThat(snapshot.board()).isEqualTo(new BoardFacts(234_700L, 1, 137, null, 3000L));
    }

    @Test
    void pagesFromOneWithAHundredEntriesUntilAShortPage() {
        lurkr.serveBoard(GUILD_ID, LurkrStandIn.players(250, FIRST_ID, 1_000_000));

        XpSnapshot snapshot = reader(LurkrSettings.defaults()).read(lookFor(rank(0), rank(249), "1"));

        assertThat(lurkr.pagesRequested(GUILD_ID)).containsExactly(1, 2, 3);
        assertThat(snapshot.xpByAccount()).isEqualTo(Map.of(rank(0), xpAt(0), rank(249), xpAt(249)));
        assertThat(snapshot.board().topXp()).isEqualTo(xpAt(9));
        assertThat(snapshot.board().endPage()).isEqualTo(2);
        assertThat(snapshot.board().players()).isEqualTo(250);
        assertThat(lurkr.requests(GUILD_ID).get(0).queryParameter("limit").isPresent()).isFalse();
    }

    @Test
    void endsAtAnEmptyPageWhenTheBoardFillsItsLastPage() {
        lurkr.serveBoard(GUILD_ID, LurkrStandIn.players(200, FIRST_ID, 1_000_000));

        XpSnapshot snapshot = reader(LurkrSettings.defaults()).read(lookFor("1"));

        assertThat(lurkr.pagesRequested(GUILD_ID)).containsExactly(1, 2, 3);
        assertThat(snapshot.board().endPage()).isEqualTo(2);
        assertThat(snapshot.board().players()).isEqualTo(200);
        assertThat(snapshot.facts().readToEnd()).isTrue();
    }

    @Test
    void readsTheEmptyFixtureAsTheEndOfTheBoard() {
        lurkr.servePage(GUILD_ID, 1, LurkrStandIn.fixture(200, "leaderboard-page-3-empty.json"));

        XpSnapshot snapshot = reader(LurkrSettings.defaults()).read(lookFor("1"));

        assertThat(snapshot.board()).isEqualTo(new BoardFacts(0L, 0, 0, null, 3000L));
    }

    @Test
    void aNonFullReadStopsBelowEveryUnfoundFloor() {
        lurkr.serveBoard(GUILD_ID, LurkrStandIn.players(3000, FIRST_ID, 1_000_000));
        XpRequest request = new XpRequest(List.of(new XpRequest.Account(rank(50), xpAt(50) - 100),
                new XpRequest.Account("999999999999999999", xpAt(199)), new XpRequest.Account(rank(120), null)),
                false, null);

        XpSnapshot snapshot;
        try (LogCapture logs = LogCapture.start()) {
            snapshot = reader(LurkrSettings.defaults()).read(request);
            assertThat(logs.text()).contains("Lurkr leaderboard of guild " + GUILD_ID + " read: 3 pages, 300 players",
                    "stopped at the XP floor (page 3 ends at");
        }

        assertThat(lurkr.pagesRequested(GUILD_ID)).containsExactly(1, 2, 3);
        assertThat(snapshot.xpByAccount()).isEqualTo(Map.of(rank(50), xpAt(50), rank(120), xpAt(120)));
        assertThat(snapshot.facts().readToEnd()).isFalse();
    }

    @Test
    void aFullReadReadsTheWholeBoard() {
        lurkr.serveBoard(GUILD_ID, LurkrStandIn.players(1234, FIRST_ID, 1_000_000));

        XpSnapshot snapshot = reader(LurkrSettings.defaults()).read(new XpRequest(
                List.of(new XpRequest.Account(rank(1200), null)), true, null));

        assertThat(lurkr.pagesRequested(GUILD_ID)).hasSize(13);
        assertThat(snapshot.xpByAccount()).isEqualTo(Map.of(rank(1200), xpAt(1200)));
        assertThat(snapshot.facts().readToEnd()).isTrue();
        assertThat(snapshot.board().players()).isEqualTo(1234);
    }

    @Test
    void aSliceIsZeroBasedInThePortAndLurkrsPagesFromOne() {
        lurkr.serveBoard(GUILD_ID, LurkrStandIn.players(1000, FIRST_ID, 1_000_000));

        XpSnapshot snapshot = reader(LurkrSettings.defaults()).read(new XpRequest(
                List.of(new XpRequest.Account(rank(250), null)), false, new XpRequest.Slice(2, 2), null));

        assertThat(lurkr.pagesRequested(GUILD_ID)).containsExactly(1, 3, 4);
        assertThat(snapshot.xpByAccount()).isEqualTo(Map.of(rank(250), xpAt(250)));
        assertThat(snapshot.board().slice()).isEqualTo(new BoardFacts.SliceFacts(2, 2, 4, false, xpAt(200)));
    }

    @Test
    void aSliceToTheEndCompletesTheSweep() {
        lurkr.serveBoard(GUILD_ID, LurkrStandIn.players(450, FIRST_ID, 1_000_000));

        XpSnapshot snapshot = reader(LurkrSettings.defaults()).read(new XpRequest(List.of(), false,
                new XpRequest.Slice(3, 10), null));

        assertThat(lurkr.pagesRequested(GUILD_ID)).containsExactly(1, 4, 5);
        assertThat(snapshot.board().slice()).isEqualTo(new BoardFacts.SliceFacts(3, 2, 5, true, xpAt(300)));
        assertThat(snapshot.board().players()).isEqualTo(450);
    }

    @Test
    void noAccountWithAFloorAndNoSliceMakesNoRequest() {
        lurkr.serveBoard(GUILD_ID, LurkrStandIn.players(10, FIRST_ID, 1_000_000));

        XpSnapshot snapshot = reader(LurkrSettings.defaults()).read(new XpRequest(
                List.of(new XpRequest.Account(rank(1), null)), false, null));

        assertThat(lurkr.requests(GUILD_ID)).isEmpty();
        assertThat(snapshot.board()).isEqualTo(BoardFacts.NONE);
    }

    @Test
    void sendsTheKeyAsXApiKeyOnlyWhenOneIsSet() {
        lurkr.serveBoard(GUILD_ID, LurkrStandIn.players(10, FIRST_ID, 1_000_000));

        reader(LurkrSettings.defaults()).read(lookFor("1"));
        reader(LurkrSettings.defaults().with("api-key", "lurkr-key-0123456789abcdef")).read(lookFor("1"));

        List<LoggedRequest> requests = lurkr.requests(GUILD_ID);
        assertThat(requests.get(0).containsHeader("X-API-Key")).isFalse();
        assertThat(requests.get(1).getHeader("X-API-Key")).isEqualTo("lurkr-key-0123456789abcdef");
        assertThat(requests.get(1).getHeader("User-Agent")).isEqualTo("lurkr-test-agent");
        assertThat(requests.get(1).getHeader("Accept-Encoding")).isEqualTo("gzip");
    }
}
