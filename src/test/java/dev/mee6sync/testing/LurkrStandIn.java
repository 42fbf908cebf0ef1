package dev.mee6sync.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * A stand-in for Lurkr's API v2 ({@code GET /v2/levels/{guildId}?page=n}, pages from 1, 100 entries a page): a real
 * HTTP server (WireMock) on loopback, one per test JVM, in the shape of Lurkr's documentation and the fixtures in
 * {@code src/test/resources/lurkr/}. Call {@link #reset()} before each test.
 */
public final class LurkrStandIn extends BoardStandIn {

    /** The guild of the fixtures. */
    public static final String GUILD_ID = "912345678901234567";
    public static final int PAGE_SIZE = 100;
    private static final String LEVELS_PATH = "/v2/levels/";
    private static final String PORT_PROPERTY = "mee6sync.test.lurkr-stand-in.port";
    private static LurkrStandIn instance;

    private LurkrStandIn(int port) {
        super(port, LEVELS_PATH);
    }

    /** The stand-in of this JVM, started on first use. */
    public static synchronized LurkrStandIn get() {
        if (instance == null) {
            instance = new LurkrStandIn(serverPort(PORT_PROPERTY, "lurkr-stand-in", 10));
        }
        return instance;
    }

    /** What {@code lurkr.api-url} must be to reach this stand-in. */
    public String baseUrl() {
        return root() + "/v2";
    }

    // --- Boards ------------------------------------------------------------------------------------------------------

    /** A leaderboard entry. */
    public record Player(String id, long xp) {
    }

    /** {@code count} players with ids {@code firstId, firstId + 1...}, XP down from {@code topXp} by 10 a rank. */
    public static List<Player> players(int count, long firstId, long topXp) {
        List<Player> players = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            players.add(new Player(String.valueOf(firstId + i), Math.max(0, topXp - 10L * i)));
        }
        return players;
    }

    /** Serves {@code players} (sorted, highest XP first) over pages of 100 from page 1, ranks by position. */
    public void serveBoard(String guildId, List<Player> players) {
        List<Player> board = new ArrayList<>(players);
        board.sort(Comparator.comparingLong(Player::xp).reversed());
        int pages = board.size() / PAGE_SIZE + 1;
        for (int page = 1; page <= pages; page++) {
            List<Player> rows = board.subList((page - 1) * PAGE_SIZE, Math.min(board.size(), page * PAGE_SIZE));
            servePage(guildId, page, okJson(pageJson(guildId, page, rows)));
        }
        serveEveryPage(guildId, okJson(pageJson(guildId, pages + 1, List.of())));
    }

    // --- Responses ---------------------------------------------------------------------------------------------------

    /** A file of {@code src/test/resources/lurkr/} with the given status. */
    public static ResponseDefinitionBuilder fixture(int status, String name) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(fixtureText(name));
    }

    /** Lurkr's error body: {@code {"message": ...}}. */
    public static ResponseDefinitionBuilder error(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(Mee6StandIn.toJson(Map.of("message", message)));
    }

    public static String fixtureText(String name) {
        return resource("lurkr", name);
    }

    /** Page {@code page} (from 1) in Lurkr's shape, ranks by position from {@code (page - 1) * 100 + 1}. */
    public static String pageJson(String guildId, int page, List<Player> players) {
        return pageJson(guildId, players, (page - 1L) * PAGE_SIZE + 1, List.of(Map.of("type", "Role",
                "multiplier", 2)));
    }

    /** A page whose ranks start at {@code firstRank}, with the given multipliers (type, multiplier). */
    public static String pageJson(String guildId, List<Player> players, long firstRank,
            List<Map<String, Object>> multipliers) {
        List<Map<String, Object>> levels = new ArrayList<>(players.size());
        long rank = firstRank;
        for (Player player : players) {
            Map<String, Object> level = new LinkedHashMap<>();
            level.put("level", (int) Math.sqrt(player.xp() / 50.0));
            level.put("messageCount", player.xp() / 20);
            level.put("nextLevelXp", player.xp() + 1000);
            level.put("progress", 37);
            level.put("rank", rank++);
            level.put("user", Map.of("discriminator", "0", "globalName", "Player " + player.id(),
                    "username", "player" + player.id()));
            level.put("userId", player.id());
            level.put("xp", player.xp());
            levels.add(level);
        }
        List<Map<String, Object>> shaped = new ArrayList<>();
        for (Map<String, Object> multiplier : multipliers) {
            Map<String, Object> m = new LinkedHashMap<>(multiplier);
            m.put("id", "497f6eca-6276-4993-bfeb-53cbbbba6f08");
            m.put("targets", List.of());
            shaped.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> guild = new LinkedHashMap<>();
        guild.put("icon", null);
        guild.put("id", guildId);
        guild.put("memberCount", 4312);
        guild.put("name", "Stand-in guild");
        body.put("guild", guild);
        body.put("isManager", false);
        body.put("levels", levels);
        body.put("multipliers", shaped);
        body.put("roleRewards", List.of());
        body.put("vanity", null);
        body.put("xpGainInterval", 60);
        body.put("xpPerMessageMax", 25);
        body.put("xpPerMessageMin", 15);
        return Mee6StandIn.toJson(body);
    }
}
