package dev.mee6sync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Issue #7, start time: from process start to the first completed sync, for the packaged application as Lambda runs
 * it. {@code target/function.zip} is unzipped as the task root and run by AWS's runtime interface client (the
 * {@code aws-lambda-java-runtime-interface-client} jar, native part included, that AWS's Java runtime runs), with the
 * handler {@code io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest}, against a fake Lambda Runtime
 * API served here on loopback. Each run is a new process that gets one invocation and is stopped after answering it.
 * A first, unmeasured run creates the schema (Flyway) and fills the OS file cache; then
 * {@code -Dbench.start.members} members (default 1,000) are linked and {@code -Dbench.start.runs} (default 3) runs
 * are measured. Runs after packaging (Failsafe), only with {@code -Pbench}.
 */
class StartTimeBenchmark {

    private static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path work = Path.of("target", "bench").toAbsolutePath();

    @Test
    void startTime() throws Exception {
        int members = Integer.parseInt(System.getProperty("bench.start.members", "1000").trim());
        int runs = Integer.parseInt(System.getProperty("bench.start.runs", "3").trim());
        List<String> jvmOptions = Arrays.stream(System.getProperty("bench.start.jvm-options",
                "-Xmx256m -XX:+UseSerialGC -XX:+TieredCompilation -XX:TieredStopAtLevel=1").trim().split("\\s+"))
                .filter(option -> !option.isEmpty()).toList();
        if (runs > BenchBoard.MAX_ROUND) {
            throw new IllegalArgumentException("bench.start.runs is at most " + BenchBoard.MAX_ROUND
                    + " (one board round each)");
        }
        Path taskRoot = unzip(Path.of("target", "function.zip").toAbsolutePath(), work.resolve("function"));
        Path ric = work.resolve("ric");
        if (!Files.isDirectory(ric)) {
            throw new IllegalStateException(ric + " is missing: run through ./mvnw -Pbench verify, which copies the "
                    + "runtime interface client there");
        }

        Map<String, Object> part = new LinkedHashMap<>();
        part.put("date", JvmProbe.now());
        part.put("loadAverageAtStart", JvmProbe.loadAverage());
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .start();
                Sidecar sidecar = Sidecar.start(-1);
                FakeRuntimeApi runtimeApi = new FakeRuntimeApi()) {
            String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?sslmode=disable";
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(ric.resolve("*").toString());
            command.add(RIC_MAIN);
            command.add(HANDLER);
            Map<String, String> environment = environment(taskRoot, runtimeApi.address(), jdbcUrl,
                    sidecar.boardUrl());

            sidecar.board(members, 0);
            Run priming = runOnce(command, environment, runtimeApi, "start-priming", 0);
            System.out.printf("bench: start-time priming run (schema migration): %.0f ms%n", priming.firstSyncMs());
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO member (discord_id) SELECT (" + BenchBoard.MEMBER_BASE_ID
                        + " + g)::text FROM generate_series(0, " + (members - 1) + ") g");
            }

            List<Run> measured = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                sidecar.board(members, run);
                Run result = runOnce(command, environment, runtimeApi, "start-" + run, members);
                measured.add(result);
                System.out.printf("bench: start-time run %d: runtime ready after %.0f ms, first sync completed after "
                        + "%.0f ms (sync %d ms)%n", run, result.initMs(), result.firstSyncMs(), result.syncMs());
            }
            part.put("loadAverageAtEnd", JvmProbe.loadAverage());
            part.put("members", members);
            part.put("jvmOptions", String.join(" ", jvmOptions));
            part.put("command", "java " + String.join(" ", jvmOptions) + " -cp <runtime interface client " + ric
                    .getFileName() + "/*> " + RIC_MAIN + " " + HANDLER);
            part.put("runtimeInterfaceClient", Files.list(ric).map(p -> p.getFileName().toString()).sorted().toList());
            part.put("runs", measured);
            part.put("medianInitMs", median(measured.stream().map(Run::initMs).toList()));
            part.put("medianFirstSyncMs", median(measured.stream().map(Run::firstSyncMs).toList()));
        }
        BenchReport.writePart("start", part);
        System.out.println(BenchReport.render());
    }

    /** One cold start, measured from just before the process starts. */
    record Run(String syncId, double initMs, double firstSyncMs, long syncMs, String status, int membersInMee6,
            double peakRssMb) {
    }

    private Run runOnce(List<String> command, Map<String, String> environment, FakeRuntimeApi runtimeApi,
            String syncId, int members) throws Exception {
        CompletableFuture<String> response = runtimeApi.expect("{\"syncId\": \"" + syncId + "\"}");
        ProcessBuilder builder = new ProcessBuilder(command);
        // the runtime interface client loads the function from its working directory (/var/task in Lambda)
        builder.directory(Path.of(environment.get("LAMBDA_TASK_ROOT")).toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        builder.redirectOutput(work.resolve(syncId + ".log").toFile());
        long started = System.nanoTime();
        Process process = builder.start();
        try {
            String body = response.get(5, TimeUnit.MINUTES);
            double firstSyncMs = (System.nanoTime() - started) / 1e6;
            double initMs = (runtimeApi.firstNextNanos() - started) / 1e6;
            double peakRss = peakRssMb(process.pid());
            JsonNode stats = JSON.readTree(body);
            if (!"COMPLETED".equals(stats.path("status").asText()) || stats.path("membersInMee6").asInt() != members) {
                throw new AssertionError("Start-time run " + syncId + " answered " + body + " (see "
                        + work.resolve(syncId + ".log") + ")");
            }
            return new Run(syncId, Math.round(initMs * 10) / 10.0, Math.round(firstSyncMs * 10) / 10.0,
                    stats.path("durationMs").asLong(), stats.path("status").asText(),
                    stats.path("membersInMee6").asInt(), Math.round(peakRss * 10) / 10.0);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("Start-time run " + syncId + " failed (see " + work.resolve(syncId + ".log")
                    + "): " + e.getMessage(), e);
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** What Lambda's Java runtime sets, plus the function's configuration (database, MEE6 at the sidecar). */
    private static Map<String, String> environment(Path taskRoot, String runtimeApi, String jdbcUrl, String boardUrl) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", taskRoot.toString());
        env.put("_HANDLER", HANDLER);
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_DEFAULT_REGION", "eu-west-1");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "mee6-sync");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/mee6-sync");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "bench");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        // the embedded server has no TLS; production requires it (%prod in application.properties)
        env.put("_PROD_QUARKUS_DATASOURCE_JDBC_ADDITIONAL_JDBC_PROPERTIES_SSLMODE", "disable");
        env.put("MEE6_SYNC_ENABLED", "true");
        env.put("MEE6_GUILD_ID", BenchBoard.GUILD_ID);
        env.put("MEE6_API_URL", boardUrl);
        env.put("MEE6_PAGE_DELAY", "0s");
        return env;
    }

    /** Peak RSS of a running process ({@code VmHWM}), in MB; -1 when unknown. */
    private static double peakRssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not Linux
        }
        return -1;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return 0;
        }
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static Path unzip(Path zip, Path target) throws IOException {
        if (Files.exists(target)) {
            try (Stream<Path> files = Files.walk(target)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(target);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("Entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(in, path);
                }
            }
        }
        return target;
    }

    /**
     * The Lambda Runtime API, as much of it as one invocation needs: {@code GET .../invocation/next} hands out the
     * event (later calls wait: the process is stopped before they matter), {@code POST .../response} or
     * {@code .../error} ends it, {@code POST .../init/error} reports a failed start.
     */
    static final class FakeRuntimeApi implements AutoCloseable {

        private static final String PREFIX = "/2018-06-01/runtime/";

        private final HttpServer server;
        private volatile String event;
        private volatile CompletableFuture<String> response;
        private volatile long firstNextNanos;
        private final AtomicBoolean handedOut = new AtomicBoolean();
        private int requestNumber;

        FakeRuntimeApi() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.createContext(PREFIX, this::handle);
            server.setExecutor(Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "fake-lambda-runtime-api");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
        }

        String address() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        long firstNextNanos() {
            return firstNextNanos;
        }

        /** Arms the next invocation with {@code eventJson}; completes with the function's response body. */
        synchronized CompletableFuture<String> expect(String eventJson) {
            event = eventJson;
            response = new CompletableFuture<>();
            handedOut.set(false);
            firstNextNanos = 0;
            requestNumber++;
            return response;
        }

        private void handle(HttpExchange exchange) throws IOException {
            long now = System.nanoTime();
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (path.equals("invocation/next")) {
                if (handedOut.compareAndSet(false, true)) {
                    firstNextNanos = now;
                    String requestId = "bench-request-" + requestNumber;
                    exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", requestId);
                    exchange.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms",
                            String.valueOf(System.currentTimeMillis() + 900_000));
                    exchange.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn",
                            "arn:aws:lambda:eu-west-1:123456789012:function:mee6-sync");
                    exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id",
                            "Root=1-00000000-000000000000000000000000;Sampled=0");
                    send(exchange, 200, event.getBytes(StandardCharsets.UTF_8));
                } else {
                    // no second invocation: hold the request until the process is stopped
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                }
                return;
            }
            send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
            String text = new String(body, StandardCharsets.UTF_8);
            if (path.endsWith("/response")) {
                response.complete(text);
            } else if (path.endsWith("/error")) {
                response.completeExceptionally(new IllegalStateException(path + ": " + text));
            }
        }

        private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
