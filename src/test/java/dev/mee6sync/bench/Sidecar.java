package dev.mee6sync.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The benchmark's handle on a {@link BenchSidecar} process: starts it, talks to its control endpoints, stops it. */
final class Sidecar implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String boardUrl;
    private final int proxyPort;
    private final HttpClient http = HttpClient.newHttpClient();

    private Sidecar(Process process, String boardUrl, int proxyPort) {
        this.process = process;
        this.boardUrl = boardUrl;
        this.proxyPort = proxyPort;
    }

    /** Starts the sidecar from the compiled test classes; with {@code pgPort > 0} it proxies that PostgreSQL. */
    static Sidecar start(int pgPort) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp",
                Path.of("target", "test-classes").toAbsolutePath().toString(), BenchSidecar.class.getName(),
                "--pg-port", String.valueOf(pgPort));
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            Process process = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("READY ")) {
                process.destroyForcibly();
                throw new IllegalStateException("The benchmark sidecar did not start: " + ready);
            }
            String board = ready.replaceAll(".*board=(\\S+).*", "$1");
            int proxy = Integer.parseInt(ready.replaceAll(".*proxy=(-?\\d+).*", "$1"));
            return new Sidecar(process, board, proxy);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the benchmark sidecar", e);
        }
    }

    /**
     * A handle on a sidecar started elsewhere (by {@link BenchResource}, whose class loader is not the test's): the
     * control calls only; closing it does nothing.
     */
    static Sidecar attach(String boardUrl, int proxyPort) {
        return new Sidecar(null, boardUrl, proxyPort);
    }

    /** The sidecar {@link BenchResource} started for this benchmark JVM. */
    static Sidecar attachToBench() {
        return attach(System.getProperty(BenchResource.BOARD_URL),
                Integer.parseInt(System.getProperty(BenchResource.PROXY_PORT)));
    }

    String boardUrl() {
        return boardUrl;
    }

    int proxyPort() {
        return proxyPort;
    }

    /** Serves the board of {@code members} linked members in {@code round}, and zeroes the page-request count. */
    void board(int members, int round) {
        call("POST", "/control/board?members=" + members + "&round=" + round);
    }

    /** The paging board's facts for one hour, as the sidecar computed them. */
    record PagingFacts(int hour, int players, int lowestMemberRank, int minimumPages, int fullReadPages) {
    }

    /**
     * Serves hour {@code hour} of the {@link PagingBoard} of {@code players} players, zeroes the page-request count
     * and the pages served, and returns its facts for pages of {@code pageSize}.
     */
    PagingFacts paging(int players, int hour, int pageSize) {
        JsonNode facts = call("POST", "/control/paging?hour=" + hour + "&limit=" + pageSize + "&players=" + players);
        return new PagingFacts(facts.path("hour").asInt(), facts.path("players").asInt(),
                facts.path("lowestMemberRank").asInt(), facts.path("minimumPages").asInt(),
                facts.path("fullReadPages").asInt());
    }

    /** What the paging board served since it was set: requests, pages (0-based), the members on them. */
    record Served(int pageRequests, BitSet pages, int membersOnPages, long xpSumOnPages) {
    }

    Served served() {
        JsonNode served = call("GET", "/control/paging/served");
        BitSet pages = new BitSet();
        served.path("pages").forEach(page -> pages.set(page.asInt()));
        return new Served(served.path("pageRequests").asInt(), pages, served.path("membersOnPages").asInt(),
                served.path("xpSumOnPages").asLong());
    }

    int pageRequests() {
        return call("GET", "/control/requests").path("pageRequests").asInt();
    }

    /** The proxy's message counts: {@code client.Q}, {@code server.Z}... */
    DbCounts dbCounts() {
        JsonNode counts = call("GET", "/control/db");
        return new DbCounts(counts.path("client").path("Q").asLong(), counts.path("client").path("E").asLong(),
                counts.path("client").path("S").asLong(), counts.path("server").path("Z").asLong(),
                counts.path("exchanges").path("waits").asLong());
    }

    /** Zeroes the proxy's statement profile. */
    void resetProfile() {
        call("POST", "/control/profile/reset");
    }

    /** The proxy's statement profile since {@link #resetProfile()}: executes per SQL, exchanges per shape. */
    Profile profile() {
        JsonNode profile = call("GET", "/control/profile");
        return new Profile(counts(profile.path("statements")), counts(profile.path("roundTrips")),
                counts(profile.path("clientMicros")), counts(profile.path("serverMicros")),
                counts(profile.path("clientMedianMicros")), counts(profile.path("serverMedianMicros")));
    }

    private static Map<String, Long> counts(JsonNode node) {
        Map<String, Long> counts = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> counts.put(field.getKey(), field.getValue().asLong()));
        return counts;
    }

    /**
     * What the application sent, by statement: {@code statements} counts the Executes (and simple Queries) of each
     * SQL text, {@code roundTrips} the exchanges (waits) of each list of statements (joined with " + "), with the
     * microseconds the client spent before them and the microseconds they took at the proxy.
     */
    record Profile(Map<String, Long> statements, Map<String, Long> roundTrips, Map<String, Long> clientMicros,
            Map<String, Long> serverMicros, Map<String, Long> clientMedianMicros,
            Map<String, Long> serverMedianMicros) {
        /** Most frequent first. */
        static List<Map<String, Object>> sorted(Map<String, Long> counts) {
            List<Map<String, Object>> rows = new ArrayList<>();
            counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                    .thenComparing(Map.Entry.comparingByKey())).forEach(entry -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("count", entry.getValue());
                        row.put("sql", entry.getKey());
                        rows.add(row);
                    });
            return rows;
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("statements", sorted(statements));
            List<Map<String, Object>> exchanges = sorted(roundTrips);
            for (Map<String, Object> row : exchanges) {
                row.put("clientMs", clientMicros.getOrDefault((String) row.get("sql"), 0L) / 1000.0);
                row.put("roundTripMs", serverMicros.getOrDefault((String) row.get("sql"), 0L) / 1000.0);
                row.put("clientMedianMs", clientMedianMicros.getOrDefault((String) row.get("sql"), 0L) / 1000.0);
                row.put("roundTripMedianMs", serverMedianMicros.getOrDefault((String) row.get("sql"), 0L) / 1000.0);
            }
            json.put("roundTrips", exchanges);
            return json;
        }
    }

    /**
     * Wire-protocol messages so far. A round trip ends with each ReadyForQuery ('Z'); statements are the Execute
     * ('E') and simple Query ('Q') messages; exchanges are the round trips the client waited for (a request pipelined
     * behind another, like the driver's BEGIN before a transaction's first statement, is not one of its own).
     */
    record DbCounts(long simpleQueries, long executes, long syncs, long readyForQuery, long exchanges) {
        DbCounts minus(DbCounts before) {
            return new DbCounts(simpleQueries - before.simpleQueries, executes - before.executes, syncs - before.syncs,
                    readyForQuery - before.readyForQuery, exchanges - before.exchanges);
        }

        long statements() {
            return simpleQueries + executes;
        }

        long roundTrips() {
            return readyForQuery;
        }
    }

    private JsonNode call(String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(boardUrl + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (IOException | InterruptedException e) {
            process.destroy();
        }
    }
}
