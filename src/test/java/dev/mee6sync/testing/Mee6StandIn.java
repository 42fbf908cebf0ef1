package dev.mee6sync.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;

/**
 * A stand-in for MEE6's leaderboard API: a real HTTP server (WireMock) on loopback, one per test JVM, that the
 * application reaches through {@code mee6.api-url} ({@link Mee6StandInResource}). Tests describe what MEE6 answers
 * (a generated board, fixture pages, errors, delays), then read back what was asked. Call {@link #reset()} before
 * each test.
 * <p>
 * Stubs go through WireMock's admin API rather than the server object, so a test and the application see the same
 * server whichever class loader they run in (the port is shared through a system property).
 */
public final class Mee6StandIn extends BoardStandIn {

    /** The guild of the fixtures in {@code src/test/resources/mee6/}, and the tests' {@code mee6.guild-id}. */
    public static final String GUILD_ID = "912345678901234567";
    public static final String LEADERBOARD_PATH = "/plugins/levels/leaderboard/";

    /** Stands for the requested page number in the empty pages past a board's end. */
    private static final int ASKED_PAGE = -424_242;
    private static final String PORT_PROPERTY = "mee6sync.test.mee6-stand-in.port";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Mee6StandIn instance;

    private Mee6StandIn(int port) {
        super(port, LEADERBOARD_PATH);
    }

    /** The stand-in of this JVM, started on first use. */
    public static synchronized Mee6StandIn get() {
        if (instance == null) {
            instance = new Mee6StandIn(serverPort(PORT_PROPERTY, "mee6-stand-in", 20));
        }
        return instance;
    }

    /** What {@code mee6.api-url} must be to reach this stand-in. */
    public String baseUrl() {
        return root();
    }

    // --- Boards ------------------------------------------------------------------------------------------------------

    /** A leaderboard row. */
    public record Player(String id, long xp, int level, long messageCount) {
        public Player(String id, long xp) {
            this(id, xp, (int) Math.sqrt(xp / 100.0), xp / 20);
        }
    }

    /**
     * {@code count} players with ids {@code firstId, firstId + 1...} and XP decreasing from {@code topXp} by 10, in
     * rank order.
     */
    public static List<Player> players(int count, long firstId, long topXp) {
        List<Player> players = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            players.add(new Player(String.valueOf(firstId + i), Math.max(0, topXp - 10L * i)));
        }
        return players;
    }

    /**
     * Serves {@code players} (sorted by XP, highest first) over pages of {@code pageSize}, as MEE6 does: full pages,
     * then a short or empty last page. Any page after that is empty too, and says its own number as MEE6's do.
     */
    public void serveBoard(String guildId, List<Player> players, int pageSize) {
        List<Player> board = new ArrayList<>(players);
        board.sort(Comparator.comparingLong(Player::xp).reversed());
        int pages = board.size() / pageSize + 1;
        for (int page = 0; page < pages; page++) {
            List<Player> rows = board.subList(page * pageSize, Math.min(board.size(), (page + 1) * pageSize));
            servePage(guildId, page, okJson(pageJson(guildId, page, rows)));
        }
        // later pages (a client that reads past the end): empty, at a lower priority than the pages above; the
        // page number is the one asked for (a response template), so a read past the end is not a foreign page
        String emptyPage = pageJson(guildId, ASKED_PAGE, List.of()).replace(String.valueOf(ASKED_PAGE),
                "{{request.query.page}}");
        serveEveryPage(guildId, okJson(emptyPage).withTransformers("response-template"));
    }

    /** Every leaderboard request of any guild and page answers with {@code response}. */
    public void serveEverything(ResponseDefinitionBuilder response) {
        wireMock.register(WireMock.get(urlPathMatching(LEADERBOARD_PATH + ".*")).atPriority(20).willReturn(response));
    }

    // --- Responses ---------------------------------------------------------------------------------------------------

    /** A file of {@code src/test/resources/mee6/} with the given status, typed by its extension. */
    public static ResponseDefinitionBuilder fixture(int status, String name) {
        String type = name.endsWith(".html") ? "text/html; charset=utf-8" : "application/json";
        return aResponse().withStatus(status).withHeader("Content-Type", type).withBody(fixtureText(name));
    }

    /** MEE6's JSON error body: {@code {"error":{"message":...},"status_code":N}}. */
    public static ResponseDefinitionBuilder error(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(toJson(Map.of("error", Map.of("message", message), "status_code", status)));
    }

    public static String fixtureText(String name) {
        return resource("mee6", name);
    }

    /** A page in MEE6's shape, with the fields the client ignores as well. */
    public static String pageJson(String guildId, int page, List<Player> players) {
        List<Map<String, Object>> rows = new ArrayList<>(players.size());
        for (Player player : players) {
            rows.add(playerJson(guildId, player));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("admin", false);
        body.put("banner_url", null);
        body.put("country", "US");
        body.put("guild", Map.of("id", guildId, "name", "Stand-in guild", "premium", false));
        body.put("is_member", false);
        body.put("monetize_options", Map.of("display_plans", false));
        body.put("page", page);
        body.put("player", null);
        body.put("players", rows);
        body.put("role_rewards", List.of());
        body.put("xp_per_message", List.of(15, 25));
        body.put("xp_rate", 1.0);
        return toJson(body);
    }

    private static Map<String, Object> playerJson(String guildId, Player player) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("avatar", null);
        row.put("detailed_xp", List.of(player.xp() % 1000, 1000, player.xp()));
        row.put("discriminator", "0");
        row.put("guild_id", guildId);
        row.put("id", player.id());
        row.put("level", player.level());
        row.put("message_count", player.messageCount());
        row.put("username", "player_" + player.id());
        row.put("xp", player.xp());
        row.put("monetize_xp_boost", 0);
        row.put("is_monetize_subscriber", false);
        return row;
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
