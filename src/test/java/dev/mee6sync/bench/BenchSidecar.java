package dev.mee6sync.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The benchmark's helpers, in a process of their own so that their CPU-light but allocation-heavy work (generating
 * leaderboard pages, copying database traffic) never shows in the measured JVM's heap, RSS or GC:
 * <ul>
 * <li>a MEE6 leaderboard stand-in on loopback serving {@link BenchBoard} pages generated on the fly, without delay,
 * and counting the page requests it gets; the {@link PagingBoard} also in Lurkr's shape
 * ({@code /levels/{guild}?page=n}, pages of 100 from 1);</li>
 * <li>with {@code --pg-port}, a {@link PgWireProxy} in front of PostgreSQL counting wire-protocol messages.</li>
 * </ul>
 * Control: {@code POST /control/board?members=N&round=R} sets the board (and zeroes the request count),
 * {@code POST /control/paging?hour=H&limit=L&players=N} serves hour H of a {@link PagingBoard} of N players instead
 * and answers its facts for pages of L players, {@code GET /control/paging/served} the pages served since (0-based)
 * and the members on them,
 * {@code GET /control/requests} and {@code GET /control/db} read the counters, {@code GET /control/profile} the proxy's
 * statement profile ({@code POST /control/profile/reset} zeroes it). Prints
 * {@code READY board=<url> proxy=<port>} when up, and exits when its standard input closes (its parent is gone).
 * JDK classes only.
 */
public final class BenchSidecar {

    /** Lurkr's pages hold 100 entries (its API has no page-size parameter). */
    static final int LURKR_PAGE_SIZE = 100;

    private volatile int members;
    private volatile int round;
    /** When set, the board served is this hour of the paging board instead of {@link BenchBoard}'s. */
    private volatile PagingBoard paging;
    private final AtomicInteger pageRequests = new AtomicInteger();
    /** The paging board's pages served since it was set (0-based, whatever the source's numbering). */
    private final BitSet served = new BitSet();
    private volatile int pagingLimit;
    private PgWireProxy proxy;

    public static void main(String[] args) throws Exception {
        int pgPort = -1;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--pg-port")) {
                pgPort = Integer.parseInt(args[i + 1]);
            }
        }
        // TCP_NODELAY: without it a page smaller than loopback's MSS (Lurkr's 100 entries) waits for the client's
        // delayed ACK of the headers, about 40 ms a request on a kept-alive connection
        System.setProperty("sun.net.httpserver.nodelay", "true");
        BenchSidecar sidecar = new BenchSidecar();
        if (pgPort > 0) {
            sidecar.proxy = new PgWireProxy(pgPort);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/plugins/levels/leaderboard/", sidecar::leaderboard);
        server.createContext("/levels/", sidecar::lurkrLevels);
        server.createContext("/control/", sidecar::control);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        System.out.println("READY board=http://127.0.0.1:" + server.getAddress().getPort() + " proxy="
                + (sidecar.proxy == null ? -1 : sidecar.proxy.port()));
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the parent closes our standard input (or dies)
        }
        System.exit(0);
    }

    private void control(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI());
            String body;
            if (path.equals("/control/board")) {
                members = Integer.parseInt(query.get("members"));
                round = Integer.parseInt(query.get("round"));
                paging = null;
                pageRequests.set(0);
                body = "{}";
            } else if (path.equals("/control/paging")) {
                PagingBoard board = PagingBoard.of(Integer.parseInt(query.get("players")),
                        Integer.parseInt(query.get("hour")));
                int limit = Integer.parseInt(query.get("limit"));
                synchronized (served) {
                    paging = board;
                    pagingLimit = limit;
                    served.clear();
                    pageRequests.set(0);
                }
                body = "{\"hour\": " + board.hour() + ", \"players\": " + board.players()
                        + ", \"lowestMemberRank\": " + board.lowestMemberRank() + ", \"minimumPages\": "
                        + board.minimumPages(limit) + ", \"fullReadPages\": " + board.fullReadPages(limit) + "}";
            } else if (path.equals("/control/paging/served") && paging != null) {
                body = servedJson();
            } else if (path.equals("/control/requests")) {
                body = "{\"pageRequests\": " + pageRequests.get() + "}";
            } else if (path.equals("/control/db") && proxy != null) {
                body = toJson(proxy.counts());
            } else if (path.equals("/control/profile") && proxy != null) {
                body = toJson(proxy.profile());
            } else if (path.equals("/control/profile/reset") && proxy != null) {
                proxy.resetProfile();
                body = "{}";
            } else {
                send(exchange, 404, "{}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(exchange, 200, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void leaderboard(HttpExchange exchange) throws IOException {
        try (exchange) {
            pageRequests.incrementAndGet();
            String guild = exchange.getRequestURI().getPath().substring("/plugins/levels/leaderboard/".length());
            if (!guild.equals(BenchBoard.GUILD_ID)) {
                send(exchange, 404, "{\"error\":{\"message\":\"Guild not found\"},\"status_code\":404}"
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI());
            int page = Integer.parseInt(query.getOrDefault("page", "0"));
            int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
            markServed(page);
            send(exchange, 200, page(page, limit).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Lurkr's {@code GET /levels/{guildId}?page=n}: the paging board by pages of 100 from 1 (docs/lurkr-api.md). */
    private void lurkrLevels(HttpExchange exchange) throws IOException {
        try (exchange) {
            pageRequests.incrementAndGet();
            String guild = exchange.getRequestURI().getPath().substring("/levels/".length());
            PagingBoard board = paging;
            if (!guild.equals(BenchBoard.GUILD_ID) || board == null) {
                send(exchange, 404, "{\"message\":\"Unknown Guild\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            int page = Integer.parseInt(query(exchange.getRequestURI()).getOrDefault("page", "1")) - 1;
            markServed(page);
            send(exchange, 200, lurkrPage(board, page).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void markServed(int page) {
        synchronized (served) {
            if (page >= 0) {
                served.set(page);
            }
        }
    }

    /** The pages served since the board was set, and the members on them with the sum of their XP. */
    private String servedJson() {
        BitSet pages;
        int requests;
        synchronized (served) {
            pages = (BitSet) served.clone();
            requests = pageRequests.get();
        }
        long[] members = paging.membersOn(pages, pagingLimit);
        StringBuilder json = new StringBuilder("{\"pageRequests\": ").append(requests).append(", \"pages\": [");
        pages.stream().forEach(page -> json.append(json.charAt(json.length() - 1) == '[' ? "" : ",").append(page));
        return json.append("], \"membersOnPages\": ").append(members[0]).append(", \"xpSumOnPages\": ")
                .append(members[1]).append('}').toString();
    }

    /** Page {@code page} (0-based) in Lurkr's shape: ranks from 1, continuous across pages; no rate-limit headers. */
    private static String lurkrPage(PagingBoard board, int page) {
        PagingBoard.Page players = board.page(page, LURKR_PAGE_SIZE);
        long first = (long) page * LURKR_PAGE_SIZE + 1;
        StringBuilder json = new StringBuilder(260 * players.ids().length + 600);
        json.append("{\"guild\":{\"icon\":null,\"id\":\"").append(BenchBoard.GUILD_ID)
                .append("\",\"memberCount\":").append(board.players()).append(",\"name\":\"Benchmark Guild\"},")
                .append("\"isManager\":false,\"levels\":[");
        for (int i = 0; i < players.ids().length; i++) {
            long xp = players.xp()[i];
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"level\":").append((int) Math.sqrt(xp / 50.0)).append(",\"messageCount\":")
                    .append(xp / 20).append(",\"nextLevelXp\":").append(xp + 1_000).append(",\"progress\":37,")
                    .append("\"rank\":").append(first + i).append(",\"user\":{\"discriminator\":\"0\",")
                    .append("\"globalName\":\"Player ").append(first + i).append("\",\"username\":\"player")
                    .append(first + i).append("\"},\"userId\":\"").append(players.ids()[i]).append("\",\"xp\":")
                    .append(xp).append('}');
        }
        json.append("],\"multipliers\":[],\"roleRewards\":[],\"vanity\":null,\"xpGainInterval\":60,")
                .append("\"xpPerMessageMax\":25,\"xpPerMessageMin\":15}");
        return json.toString();
    }

    /** A page shaped like MEE6's (the fields of the fixtures in src/test/resources/mee6). */
    private String page(int page, int limit) {
        PagingBoard board = paging;
        PagingBoard.Page players;
        int first;
        if (board != null) {
            players = board.page(page, limit);
            first = page * limit;
        } else {
            int count = BenchBoard.players(members);
            int from = Math.min(page * limit, count);
            int to = Math.min(from + limit, count);
            players = new PagingBoard.Page(new String[to - from], new long[to - from]);
            for (int rank = from; rank < to; rank++) {
                players.ids()[rank - from] = BenchBoard.playerId(rank);
                players.xp()[rank - from] = BenchBoard.playerXp(rank, members, round);
            }
            first = from;
        }
        StringBuilder json = new StringBuilder(300 * players.ids().length + 1_000);
        json.append("{\"admin\":false,\"banner_url\":null,\"country\":\"US\",\"guild\":{\"allow_join\":true,")
                .append("\"icon\":\"9a8b7c6d5e4f30211203f4e5d6c7b8a9\",\"id\":\"").append(BenchBoard.GUILD_ID)
                .append("\",\"invite_leaderboard\":false,\"name\":\"Benchmark Guild\",\"premium\":false},")
                .append("\"is_member\":false,\"page\":").append(page).append(",\"player\":null,\"players\":[");
        for (int i = 0; i < players.ids().length; i++) {
            int rank = first + i;
            long xp = players.xp()[i];
            int level = (int) Math.sqrt(xp / 100.0);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"avatar\":").append(rank % 4 == 0 ? "null" : "\"a1b2c3d4e5f60718293a4b5c6d7e8f90\"")
                    .append(",\"detailed_xp\":[").append(xp % 5_000).append(",5000,").append(xp)
                    .append("],\"discriminator\":\"0\",\"guild_id\":\"").append(BenchBoard.GUILD_ID)
                    .append("\",\"id\":\"").append(players.ids()[i])
                    .append("\",\"level\":").append(level)
                    .append(",\"message_count\":").append(xp / 20)
                    .append(",\"username\":\"player_").append(rank)
                    .append("\",\"xp\":").append(xp)
                    .append(",\"monetize_xp_boost\":0,\"is_monetize_subscriber\":false}");
        }
        json.append("],\"role_rewards\":[],\"xp_per_message\":[15,25],\"xp_rate\":1.0}");
        return json.toString();
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return query;
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static String toJson(Map<String, Map<String, Long>> counts) {
        StringBuilder json = new StringBuilder("{");
        counts.forEach((direction, byType) -> {
            json.append(json.length() > 1 ? "," : "").append(quote(direction)).append(":{");
            int start = json.length();
            byType.forEach((type, count) -> json.append(json.length() > start ? "," : "").append(quote(type))
                    .append(':').append(count));
            json.append('}');
        });
        return json.append('}').toString();
    }
}
