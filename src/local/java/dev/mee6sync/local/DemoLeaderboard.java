package dev.mee6sync.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
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
 * A stand-in for a levelling bot's leaderboard API, served on loopback for {@code quarkus:dev} runs without a guild
 * id. It speaks both real APIs' shapes, so a local run goes through the same client, paging and parsing as
 * production: MEE6's ({@code GET /plugins/levels/leaderboard/{guild}?page=n&limit=m}, pages from 0) and Lurkr's
 * ({@code GET /levels/{guild}?page=n}, pages from 1 of 100 entries, ranks, rate-limit headers; docs/lurkr-api.md).
 * Both serve one board, so {@code XP_SOURCE} changes the shape and nothing else.
 * <p>
 * Each request for the first page (MEE6's 0, Lurkr's 1) starts a new "round" (one sync), in which the linked demo
 * members below move as scripted, so that a few runs show baselines, awards with leftover carry, a deduction, an
 * absent member who returns without being paid twice, and a member who only appears later. Unlinked filler players
 * fill a few pages.
 */
public final class DemoLeaderboard {

    private static final Logger LOG = Logger.getLogger(DemoLeaderboard.class);

    public static final String GUILD_ID = "100000000000000042";
    static final String MEE6_PATH = "/plugins/levels/leaderboard/";
    static final String LURKR_PATH = "/levels/";
    private static final String URL_PROPERTY = "mee6sync.local.demo-leaderboard.url";
    private static final String GUILD_NAME = "mee6-sync demo guild";
    private static final int FILLER_PLAYERS = 250;
    private static final int LURKR_PAGE_SIZE = 100;
    /** Lurkr allows 120 requests a minute per key; the demo counts them the same way, in windows of a minute. */
    private static final int LURKR_RATE_LIMIT = 120;
    private static final long LURKR_WINDOW_MS = 60_000;

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

    /** One place on the board of the current round. */
    private record Entry(String id, String username, long xp) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final long[] fillerXp = new long[FILLER_PLAYERS];
    private final Random random = new Random(42);
    private final HttpServer server;
    private int round = -1;
    private long lurkrWindowStart;
    private int lurkrRequests;

    private DemoLeaderboard() throws IOException {
        for (int i = 0; i < FILLER_PLAYERS; i++) {
            fillerXp[i] = 500 + random.nextInt(60_000);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(MEE6_PATH, this::handleMee6);
        server.createContext(LURKR_PATH, this::handleLurkr);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "demo-leaderboard");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /**
     * Starts the server once per JVM and returns its base URL (what {@code mee6.api-url} and {@code lurkr.api-url}
     * should be). Dev mode restarts the application in fresh class loaders: the system property keeps one board.
     */
    public static synchronized String startOnce() {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null) {
            url = start().url();
            System.setProperty(URL_PROPERTY, url);
        }
        return url;
    }

    /** A board of its own, from round 0 (for tests); {@link #stop()} it. */
    public static DemoLeaderboard start() {
        try {
            return new DemoLeaderboard();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the demo leaderboard", e);
        }
    }

    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }

    private void handleMee6(HttpExchange exchange) throws IOException {
        try (exchange) {
            String guild = exchange.getRequestURI().getPath().substring(MEE6_PATH.length());
            if (!GUILD_ID.equals(guild)) {
                send(exchange, 404, Map.of("error", Map.of("message", "Guild not found"), "status_code", 404));
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI());
            int page = Integer.parseInt(query.getOrDefault("page", "0"));
            int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
            send(exchange, 200, mee6Page(page, limit));
        } catch (RuntimeException e) {
            LOG.error("Demo leaderboard failed", e);
            send(exchange, 500, Map.of("error", Map.of("message", String.valueOf(e.getMessage())), "status_code", 500));
        }
    }

    private void handleLurkr(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!countLurkrRequest(exchange)) {
                send(exchange, 429, Map.of("message", "You are being rate limited"));
                return;
            }
            String guild = exchange.getRequestURI().getPath().substring(LURKR_PATH.length());
            if (!GUILD_ID.equals(guild)) {
                send(exchange, 404, Map.of("message", "Guild not found"));
                return;
            }
            String page = query(exchange.getRequestURI()).getOrDefault("page", "1");
            if (!page.matches("[1-9][0-9]{0,5}")) {
                send(exchange, 400, Map.of("message", "page must be an integer of at least 1"));
                return;
            }
            send(exchange, 200, lurkrPage(Integer.parseInt(page)));
        } catch (RuntimeException e) {
            LOG.error("Demo leaderboard failed", e);
            send(exchange, 500, Map.of("message", String.valueOf(e.getMessage())));
        }
    }

    /** Sets Lurkr's rate-limit headers on the answer; false when the window's requests are used up. */
    private synchronized boolean countLurkrRequest(HttpExchange exchange) {
        long now = System.currentTimeMillis();
        if (now - lurkrWindowStart >= LURKR_WINDOW_MS) {
            lurkrWindowStart = now;
            lurkrRequests = 0;
        }
        lurkrRequests++;
        long resetSeconds = Math.max(1, (lurkrWindowStart + LURKR_WINDOW_MS - now + 999) / 1000);
        var headers = exchange.getResponseHeaders();
        headers.set("X-RateLimit-Limit", String.valueOf(LURKR_RATE_LIMIT));
        headers.set("X-RateLimit-Remaining", String.valueOf(Math.max(0, LURKR_RATE_LIMIT - lurkrRequests)));
        headers.set("X-RateLimit-Reset", String.valueOf(resetSeconds));
        if (lurkrRequests > LURKR_RATE_LIMIT) {
            headers.set("Retry-After", String.valueOf(resetSeconds));
            return false;
        }
        return true;
    }

    private synchronized Map<String, Object> mee6Page(int page, int limit) {
        if (page == 0) {
            advanceRound();
        }
        List<Entry> board = board();
        int from = Math.min(page * limit, board.size());
        int to = Math.min(from + limit, board.size());
        List<Map<String, Object>> players = new ArrayList<>();
        for (Entry entry : board.subList(from, to)) {
            players.add(mee6Player(entry));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", page);
        body.put("guild", Map.of("id", GUILD_ID, "name", GUILD_NAME));
        body.put("players", players);
        body.put("xp_per_message", List.of(15, 25));
        body.put("xp_rate", 1.0);
        return body;
    }

    /** Lurkr's page n (from 1): ranks {@code (n-1)*100+1} on; a page short of 100 entries ends the board. */
    private synchronized Map<String, Object> lurkrPage(int page) {
        if (page == 1) {
            advanceRound();
        }
        List<Entry> board = board();
        int from = (int) Math.min((long) (page - 1) * LURKR_PAGE_SIZE, board.size());
        int to = Math.min(from + LURKR_PAGE_SIZE, board.size());
        List<Map<String, Object>> levels = new ArrayList<>();
        for (int i = from; i < to; i++) {
            levels.add(lurkrLevel(board.get(i), i + 1));
        }
        Map<String, Object> guild = new LinkedHashMap<>();
        guild.put("icon", null);
        guild.put("id", GUILD_ID);
        guild.put("memberCount", board.size() + 40); // the server's members: some never chat
        guild.put("name", GUILD_NAME);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("guild", guild);
        body.put("isManager", false);
        body.put("levels", levels);
        body.put("multipliers", List.of());
        body.put("roleRewards", List.of());
        body.put("vanity", null);
        // the same rate as the MEE6 shape's: 25 XP at most, once a minute (seconds: docs/lurkr-api.md)
        body.put("xpGainInterval", 60);
        body.put("xpPerMessageMax", 25);
        body.put("xpPerMessageMin", 15);
        return body;
    }

    /** The current round's board, highest XP first. */
    private List<Entry> board() {
        List<Entry> board = new ArrayList<>();
        for (DemoMember member : MEMBERS) {
            long xp = member.xpAt(round) < 0 ? -1 : member.xpAt(round) + extraRounds(member) * lastGain(member);
            if (xp >= 0) {
                board.add(new Entry(member.discordId(), member.username(), xp));
            }
        }
        for (int i = 0; i < FILLER_PLAYERS; i++) {
            board.add(new Entry(String.valueOf(300000000000000000L + i), "player_" + i, fillerXp[i]));
        }
        board.sort(Comparator.comparingLong(Entry::xp).reversed());
        return board;
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

    private static int level(long xp) {
        return (int) Math.sqrt(xp / 100.0);
    }

    private static Map<String, Object> mee6Player(Entry entry) {
        Map<String, Object> player = new LinkedHashMap<>();
        player.put("id", entry.id());
        player.put("username", entry.username());
        player.put("discriminator", "0");
        player.put("avatar", null);
        player.put("guild_id", GUILD_ID);
        player.put("xp", entry.xp());
        player.put("level", level(entry.xp()));
        player.put("message_count", entry.xp() / 20);
        player.put("detailed_xp", List.of(0, 100, entry.xp()));
        return player;
    }

    private static Map<String, Object> lurkrLevel(Entry entry, int rank) {
        int level = level(entry.xp());
        long levelXp = 100L * level * level;
        long nextLevelXp = 100L * (level + 1) * (level + 1);
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("accentColour", null);
        user.put("avatar", null);
        user.put("discriminator", "0");
        user.put("globalName", entry.username());
        user.put("username", entry.username());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("level", level);
        row.put("messageCount", entry.xp() / 20);
        row.put("nextLevelXp", nextLevelXp);
        row.put("progress", (int) (100 * (entry.xp() - levelXp) / (nextLevelXp - levelXp)));
        row.put("rank", rank);
        row.put("user", user);
        row.put("userId", entry.id());
        row.put("xp", entry.xp());
        return row;
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
                    query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }
}
