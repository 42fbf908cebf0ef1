package dev.mee6sync.mee6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.mee6sync.board.InvalidData;
import dev.mee6sync.board.NotAPage;
import dev.mee6sync.testing.Mee6StandIn;

/**
 * The strict parsing of a page, without HTTP. Over HTTP, {@code Mee6ClientDataTest} checks the same through the
 * client.
 */
class LeaderboardParserTest {

    private final LeaderboardParser parser = new LeaderboardParser(10_000_000_000L);

    private List<LeaderboardPage.Player> parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8)).players();
    }

    private static String onePlayer(String playerJson) {
        return "{\"page\":0,\"players\":[" + playerJson + "]}";
    }

    @Test
    void readsTheFixtureIgnoringFieldsItDoesNotKnow() {
        List<LeaderboardPage.Player> players = parse(Mee6StandIn.fixtureText("leaderboard-page-0.json"));
        assertEquals(7, players.size());
        assertEquals(new LeaderboardPage.Player("401234567890123456", 1_893_402L, 99, 41_877L), players.get(0));
        assertEquals("1098765432109876543", players.get(3).id());
        assertEquals(150L, players.get(6).xp());
    }

    @Test
    void readsTheEmptyFixture() {
        assertEquals(List.of(), parse(Mee6StandIn.fixtureText("leaderboard-page-1-empty.json")));
    }

    @Test
    void keepsSnowflakesExactlyAsSent() {
        List<LeaderboardPage.Player> players = parse("{\"players\":[{\"id\":\"18446744073709551616\",\"xp\":5},"
                + "{\"id\":\"9223372036854775808\",\"xp\":4},{\"id\":\"0012\",\"xp\":3}]}");
        assertEquals(List.of("18446744073709551616", "9223372036854775808", "0012"),
                players.stream().map(LeaderboardPage.Player::id).toList());
    }

    @Test
    void levelAndMessageCountMayBeMissing() {
        LeaderboardPage.Player player = parse(onePlayer("{\"id\":\"1\",\"xp\":10}")).get(0);
        assertNull(player.level());
        assertNull(player.messageCount());
    }

    @Test
    void refusesWhatItWouldOtherwiseCoerce() {
        assertInvalid("players[0].xp: expected a non-negative integer, got 1.5",
                onePlayer("{\"id\":\"1\",\"xp\":1.5}"));
        assertInvalid("players[0].xp: expected a non-negative integer, got \"150\"",
                onePlayer("{\"id\":\"1\",\"xp\":\"150\"}"));
        assertInvalid("players[0].xp: expected a non-negative integer, got true",
                onePlayer("{\"id\":\"1\",\"xp\":true}"));
        assertInvalid("players[0].xp: expected a non-negative integer, got 100000000000000000000000000000",
                onePlayer("{\"id\":\"1\",\"xp\":100000000000000000000000000000}"));
        assertInvalid("players[0].id: expected a string of 1 to 20 digits, got 401234567890123456",
                onePlayer("{\"id\":401234567890123456,\"xp\":1}"));
        assertInvalid("players[0].level: expected an integer, got 2.5",
                onePlayer("{\"id\":\"1\",\"xp\":1,\"level\":2.5}"));
        assertInvalid("players[0]: expected a player object, got 42", "{\"players\":[42]}");
    }

    @Test
    void refusesInvalidValues() {
        assertInvalid("players[0].xp: missing (player 1)", onePlayer("{\"id\":\"1\"}"));
        assertInvalid("players[0].xp: missing (player 1)", onePlayer("{\"id\":\"1\",\"xp\":null}"));
        assertInvalid("players[0].xp: expected a non-negative integer, got -5 (player 1)",
                onePlayer("{\"id\":\"1\",\"xp\":-5}"));
        assertInvalid("players[0].id: missing", onePlayer("{\"xp\":1}"));
        assertInvalid("players[0].id: expected a string of 1 to 20 digits, got \"12a\"",
                onePlayer("{\"id\":\"12a\",\"xp\":1}"));
        assertInvalid("players[0].id: expected a string of 1 to 20 digits, got \"123456789012345678901\"",
                onePlayer("{\"id\":\"123456789012345678901\",\"xp\":1}"));
        assertInvalid("players[1]: expected a player object, got null", "{\"players\":[{\"id\":\"1\",\"xp\":1},null]}");
        LeaderboardParser strict = new LeaderboardParser(1000);
        InvalidData e = assertThrows(InvalidData.class,
                () -> strict.parse(onePlayer("{\"id\":\"1\",\"xp\":1001}").getBytes(StandardCharsets.UTF_8)));
        assertEquals("players[0].xp: got 1001 (player 1), above MEE6_MAX_PLAUSIBLE_XP=1000: treated as corrupt data",
                e.getMessage());
    }

    @Test
    void tellsABodyThatIsNotALeaderboardPage() {
        assertNotAPage("an HTML or XML page instead of JSON", Mee6StandIn.fixtureText("blocked-503.html"));
        assertNotAPage("not valid JSON", "{\"page\":0,\"players\":[{\"id\":\"1\",\"xp\":1},{\"id\":\"2\",\"x");
        assertNotAPage("not valid JSON", "{\"players\":[]} trailing");
        assertNotAPage("empty body", "");
        assertNotAPage("players: missing or null", "{\"page\":0}");
        assertNotAPage("players: missing or null", "{\"page\":0,\"players\":null}");
        assertNotAPage("players: unexpected \"none\"", "{\"players\":\"none\"}");
        assertNotAPage("root: unexpected an array", "[]");
        assertNotAPage("without a leaderboard (null)", "null");
    }

    @Test
    void readsMee6ErrorMessages() {
        assertEquals(Optional.of("Unauthorized"), parser.errorMessage(
                Mee6StandIn.fixtureText("error-401-private-leaderboard.json").getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), parser.errorMessage(
                Mee6StandIn.fixtureText("blocked-503.html").getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), parser.errorMessage(new byte[0]));
    }

    /** A number for the benchmark: the mean time to parse and validate a full 1,000-player page. */
    @Test
    void measuresParseTimeOfAThousandPlayerPage() {
        byte[] page = Mee6StandIn.pageJson(Mee6StandIn.GUILD_ID, 0,
                Mee6StandIn.players(1000, 300_000_000_000_000_000L, 5_000_000)).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 50; i++) {
            parser.parse(page); // warm-up: JIT and Jackson's caches
        }
        int runs = 200;
        long started = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            assertEquals(1000, parser.parse(page).players().size());
        }
        double meanMs = (System.nanoTime() - started) / 1e6 / runs;
        System.out.printf("MEE6 parse benchmark: 1,000-player page (%d bytes), %d runs after warm-up: "
                + "mean %.3f ms per page%n",
                page.length, runs, meanMs);
    }

    private void assertInvalid(String message, String json) {
        InvalidData e = assertThrows(InvalidData.class, () -> parse(json), json);
        assertEquals(message, e.getMessage());
    }

    private void assertNotAPage(String fragment, String body) {
        NotAPage e = assertThrows(NotAPage.class, () -> parse(body), body);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
