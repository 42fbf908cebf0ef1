package dev.mee6sync.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for MEE6's leaderboard API, served on loopback for {@code quarkus:dev} runs without a guild id. It speaks
 * the real API's shape, so a local run goes through the same client, paging and parsing as production.
 * <p>
 * Each request for page 0 starts a new "round" (one sync), in which the linked demo members below move as scripted,
 * so that a few runs show baselines, awards with leftover carry, a deduction, an absent member who returns without
 * being paid twice, and a member who only appears later. Unlinked filler players fill a few pages.
 */
public final class DemoLeaderboard {

    private static final Logger LOG = Logger.getLogger(DemoLeaderboard.class);

    public static final String GUILD_ID = "100000000000000042";
    private static final String URL_PROPERTY = "mee6sync.local.demo-leaderboard.url";
    private static final int FILLER_PLAYERS = 250;

    /** A linked demo member: its XP in each round, or -1 when it is not on the board in that round. */
    public record DemoMember(String discordId, String username, long[] xpByRound) {
        long xpAt(int round) {
            return xpByRound[Math.min(round, xpByRound.length - 1)];
        }
    }

    /** Rounds past the end of a script repeat its last gain, so the demo keeps moving. */
    public static final List<DemoMember> MEMBERS = List.of(
            new DemoMember("200000000000000001", "steady_sam", new long[] { 12_000, 12_120, 12_240, 12_360, 12_480 }),
            new DemoMember("200000000000000002", "chatty_cat", new long[] { 48_500, 48_850, 49_200, 49_550, 49_900 }),
            new DemoMember("200000000000000003", "quiet_quinn", new long[] { 3_010, 3_040, 3_070, 3_100, 3_130 }),
            // an admin removes 250 XP in round 2: the member loses points
            new DemoMember("200000000000000004", "adjusted_ada", new long[] { 20_000, 20_230, 19_980, 20_080, 20_180 }),
            // leaves the server in round 1, back in round 3 with 180 more XP than when last seen: paid for 180 only
            new DemoMember("200000000000000005", "vacation_vic", new long[] { 31_000, -1, -1, 31_180, 31_300 }),
            // links before ever chatting: first seen in round 2, paid from 0 XP
            new DemoMember("200000000000000006", "newcomer_nia", new long[] { -1, -1, 260, 410, 560 }),
            // linked, but never on this guild's board
            new DemoMember("200000000000000007", "elsewhere_eli", new long[] { -1 }));

    private final ObjectMapper json = new ObjectMapper();
    private final long[] fillerXp = new long[FILLER_PLAYERS];
    private final Random random = new Random(42);
    private int round = -1;

    private DemoLeaderboard() {
        for (int i = 0; i < FILLER_PLAYERS; i++) {
            fillerXp[i] = 500 + random.nextInt(60_000);
        }
    }

    /** Starts the server once per JVM and returns its base URL (what {@code mee6.api-url} should be). */
    public static synchronized String startOnce() {
        String url = System.getProperty(URL_PROPERTY);
        if (url != null) {
            return url;
        }
        try {
            DemoLeaderboard board = new DemoLeaderboard();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/plugins/levels/leaderboard/", board::handle);
            server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "demo-leaderboard");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            url = "http://localhost:" + server.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the demo leaderboard", e);
        }
        System.setProperty(URL_PROPERTY, url);
        return url;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String guild = exchange.getRequestURI().getPath().substring("/plugins/levels/leaderboard/".length());
            if (!GUILD_ID.equals(guild)) {
                send(exchange, 404, Map.of("error", Map.of("message", "Guild not found"), "status_code", 404));
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI());
            int page = Integer.parseInt(query.getOrDefault("page", "0"));
            int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
            send(exchange, 200, page(page, limit));
        } catch (RuntimeException e) {
            LOG.error("Demo leaderboard failed", e);
            send(exchange, 500, Map.of("error", Map.of("message", String.valueOf(e.getMessage())), "status_code", 500));
        }
    }

    private synchronized Map<String, Object> page(int page, int limit) {
        if (page == 0) {
            advanceRound();
        }
        List<Map<String, Object>> board = new ArrayList<>();
        for (DemoMember member : MEMBERS) {
            long xp = member.xpAt(round) < 0 ? -1 : member.xpAt(round) + extraRounds(member) * lastGain(member);
            if (xp >= 0) {
                board.add(player(member.discordId(), member.username(), xp));
            }
        }
        for (int i = 0; i < FILLER_PLAYERS; i++) {
            board.add(player(String.valueOf(300000000000000000L + i), "player_" + i, fillerXp[i]));
        }
        board.sort(Comparator.comparingLong((Map<String, Object> p) -> (Long) p.get("xp")).reversed());
        int from = Math.min(page * limit, board.size());
        int to = Math.min(from + limit, board.size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", page);
        body.put("guild", Map.of("id", GUILD_ID, "name", "mee6-sync demo guild"));
        body.put("players", board.subList(from, to));
        body.put("xp_per_message", List.of(15, 25));
        body.put("xp_rate", 1.0);
        return body;
    }

    private void advanceRound() {
        round++;
        if (round > 0) {
            for (int i = 0; i < FILLER_PLAYERS; i++) {
                fillerXp[i] += random.nextInt(300);
            }
        }
        LOG.infof("Demo leaderboard: round %d", round);
    }

    private int extraRounds(DemoMember member) {
        return Math.max(0, round - (member.xpByRound().length - 1));
    }

    private static long lastGain(DemoMember member) {
        long[] xp = member.xpByRound();
        return xp.length < 2 || xp[xp.length - 2] < 0 ? 0 : xp[xp.length - 1] - xp[xp.length - 2];
    }

    private static Map<String, Object> player(String id, String username, long xp) {
        Map<String, Object> player = new LinkedHashMap<>();
        player.put("id", id);
        player.put("username", username);
        player.put("discriminator", "0");
        player.put("avatar", null);
        player.put("guild_id", GUILD_ID);
        player.put("xp", xp);
        player.put("level", (int) Math.sqrt(xp / 100.0));
        player.put("message_count", xp / 20);
        player.put("detailed_xp", List.of(0, 100, xp));
        return player;
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq),
                            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }
}
