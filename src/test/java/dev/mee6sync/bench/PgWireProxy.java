package dev.mee6sync.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A TCP proxy between the application and PostgreSQL that reads the wire protocol (v3) as it forwards it and counts
 * the messages of each type, in each direction. It is how the benchmark counts round trips and statements instead of
 * estimating them: every {@code ReadyForQuery} ('Z') the server sends ends one round trip (one per client
 * {@code Sync} 'S' or simple {@code Query} 'Q'); every {@code Execute} ('E') or simple {@code Query} is a statement.
 * <p>
 * It also keeps a <em>profile</em> of the client's statements: each Execute (and simple Query) counted under its SQL
 * (from the Parse of its statement, named or not, through the Bind of its portal), and each exchange (a wait of the
 * client for the server, see {@link ClientState}) counted under the list of statements it carried, so that a count can
 * be traced to the code that sends it, with the time the client spent before each exchange (since the answer to its
 * previous one on that connection) and the time the exchange took at the proxy (the rest of the request's transfer,
 * the server's work, its answer); a simple Query's label starts with {@code [simple query]}. {@link #resetProfile()}
 * zeroes it.
 * <p>
 * Plain TCP only: it answers an SSL or GSS encryption request with "no" itself, so connections through it are
 * unencrypted (loopback). JDK classes only: it runs in the benchmark's sidecar process ({@link BenchSidecar}).
 */
final class PgWireProxy implements AutoCloseable {

    private static final int SSL_REQUEST = 80877103;
    private static final String SIMPLE = "[simple query] ";
    /** pgjdbc's BEGIN: a simple Query written with the first statement of a transaction, never on its own. */
    private static final String BEGIN = SIMPLE + "BEGIN";
    private static final int GSS_ENC_REQUEST = 80877104;

    private final ServerSocket server;
    private final int upstreamPort;
    private final AtomicLongArray fromClient = new AtomicLongArray(128);
    private final AtomicLongArray fromServer = new AtomicLongArray(128);
    /** Executes and simple Queries per statement label. */
    private final Map<String, LongAdder> statements = new ConcurrentHashMap<>();
    /** Exchanges (the client's waits for the server) per list of the statements they carried. */
    private final Map<String, LongAdder> roundTrips = new ConcurrentHashMap<>();
    /** Exchanges so far: requests the client waited for, pipelined ones counted once. */
    private final LongAdder exchanges = new LongAdder();
    /** Per shape: nanoseconds the client spent before sending each exchange, since the answer to its previous one. */
    private final Map<String, List<Long>> clientNanos = new ConcurrentHashMap<>();
    /** Per shape: nanoseconds from each exchange's first message to the server's last answer, at the proxy. */
    private final Map<String, List<Long>> serverNanos = new ConcurrentHashMap<>();
    /** Bumped by {@link #resetProfile()}: a client's gap that began before the reset is not counted. */
    private volatile long profileEpoch;

    PgWireProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "pg-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Message counts so far, by direction and type letter: {@code {"client": {"Q": 3, ...}, "server": {...}}}. */
    Map<String, Map<String, Long>> counts() {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        counts.put("client", snapshot(fromClient));
        counts.put("server", snapshot(fromServer));
        counts.put("exchanges", Map.of("waits", exchanges.sum()));
        return counts;
    }

    /** The statement profile since the last reset: {@code {"statements": {sql: n}, "roundTrips": {shape: n}}}. */
    Map<String, Map<String, Long>> profile() {
        Map<String, Map<String, Long>> profile = new LinkedHashMap<>();
        profile.put("statements", snapshot(statements));
        profile.put("roundTrips", snapshot(roundTrips));
        profile.put("clientMicros", micros(clientNanos, false));
        profile.put("serverMicros", micros(serverNanos, false));
        profile.put("clientMedianMicros", micros(clientNanos, true));
        profile.put("serverMedianMicros", micros(serverNanos, true));
        return profile;
    }

    void resetProfile() {
        profileEpoch++;
        statements.clear();
        roundTrips.clear();
        clientNanos.clear();
        serverNanos.clear();
    }

    /** Per shape, the total (or the median) of its samples, in microseconds. */
    private static Map<String, Long> micros(Map<String, List<Long>> nanos, boolean median) {
        Map<String, Long> micros = new TreeMap<>();
        nanos.forEach((key, samples) -> {
            List<Long> sorted;
            synchronized (samples) {
                sorted = new ArrayList<>(samples);
            }
            sorted.sort(null);
            long value = median ? (sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2))
                    : sorted.stream().mapToLong(Long::longValue).sum();
            micros.put(key, value / 1_000);
        });
        return micros;
    }

    private static void sample(Map<String, List<Long>> samples, String shape, long nanos) {
        List<Long> list = samples.computeIfAbsent(shape, k -> new ArrayList<>());
        synchronized (list) {
            list.add(nanos);
        }
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> snapshot = new TreeMap<>();
        counters.forEach((key, count) -> snapshot.put(key, count.sum()));
        return snapshot;
    }

    private static Map<String, Long> snapshot(AtomicLongArray counters) {
        Map<String, Long> snapshot = new LinkedHashMap<>();
        for (int type = 0; type < counters.length(); type++) {
            long count = counters.get(type);
            if (count > 0) {
                snapshot.put(String.valueOf((char) type), count);
            }
        }
        return snapshot;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                ClientState state = new ClientState();
                start("pg-proxy-c2s", () -> clientToServer(client, upstream, state));
                start("pg-proxy-s2c", () -> serverToClient(client, upstream, state));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("pg-proxy: " + e);
                }
            }
        }
    }

    private static void start(String name, IoTask task) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } catch (EOFException e) {
                // the connection ended
            } catch (IOException e) {
                // the connection was closed from the other side
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private interface IoTask {
        void run() throws IOException;
    }

    /** The client's stream: untyped start-up messages first, then typed messages. */
    private void clientToServer(Socket client, Socket upstream, ClientState state) throws IOException {
        try (client; upstream) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream(), 1 << 16));
            OutputStream out = new BufferedOutputStream(upstream.getOutputStream(), 1 << 16);
            byte[] buffer = new byte[1 << 16];
            while (true) {
                int length = in.readInt();
                buffer = ensure(buffer, length);
                in.readFully(buffer, 0, length - 4);
                int code = ((buffer[0] & 0xff) << 24) | ((buffer[1] & 0xff) << 16) | ((buffer[2] & 0xff) << 8)
                        | (buffer[3] & 0xff);
                if (code == SSL_REQUEST || code == GSS_ENC_REQUEST) {
                    OutputStream reply = client.getOutputStream();
                    reply.write('N'); // no encryption: the client goes on in plain text
                    reply.flush();
                    continue;
                }
                out.write(intBytes(length));
                out.write(buffer, 0, length - 4);
                out.flush();
                break; // the start-up message (or a cancel request): typed messages follow
            }
            pump(in, out, fromClient, buffer, state, true);
        }
    }

    private void serverToClient(Socket client, Socket upstream, ClientState state) throws IOException {
        try (client; upstream) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(upstream.getInputStream(), 1 << 16));
            OutputStream out = new BufferedOutputStream(client.getOutputStream(), 1 << 16);
            pump(in, out, fromServer, new byte[1 << 16], state, false);
        }
    }

    /** Forwards typed messages one by one, counting them; flushes whenever nothing more is waiting. */
    private void pump(DataInputStream in, OutputStream out, AtomicLongArray counts, byte[] buffer,
            ClientState state, boolean fromTheClient) throws IOException {
        while (true) {
            int type = in.read();
            if (type < 0) {
                return;
            }
            int length = in.readInt();
            buffer = ensure(buffer, length);
            in.readFully(buffer, 0, length - 4);
            counts.incrementAndGet(type & 0x7f);
            if (fromTheClient) {
                state.message(type, buffer, length - 4);
            } else if (type == 'Z') {
                state.readyForQuery(); // before the client sees it: it cannot send its next request earlier
            }
            out.write(type);
            out.write(intBytes(length));
            out.write(buffer, 0, length - 4);
            if (in.available() == 0) {
                out.flush();
            }
        }
    }

    /**
     * What one client connection has prepared and bound, to name the statement of each Execute: statement name to SQL
     * (the unnamed one is replaced by each unnamed Parse), portal to SQL; and the exchange under way. An
     * <em>exchange</em> is what the client sends before it waits: it starts when the client sends a request while none
     * is outstanding, and ends when the server has answered every Sync and simple Query of it (its last
     * ReadyForQuery). A pipelined request (the driver's {@code BEGIN}, sent as a simple Query in the same write as the
     * first statement of a transaction) adds a ReadyForQuery but no exchange: the client waited once. pgjdbc never
     * sends that BEGIN alone, so an exchange holding only it is not ended: the statement written with it is still on
     * its way (a large one reaches the proxy in several reads).
     */
    private final class ClientState {
        private final Map<String, String> prepared = new HashMap<>();
        private final Map<String, String> portals = new HashMap<>();
        private final Map<String, Boolean> executed = new HashMap<>();
        private final List<String> pending = new ArrayList<>();
        private int outstanding;
        /** An exchange is under way: since {@link #start}, after the client worked {@link #gap} since the last. */
        private boolean open;
        private long start;
        private long gap;
        private long lastReady;
        private long lastReadyEpoch = -1;

        void message(int type, byte[] body, int length) {
            opened();
            switch (type) {
                case 'P' -> {
                    int nameEnd = end(body, 0, length);
                    int queryEnd = end(body, nameEnd + 1, length);
                    prepared.put(text(body, 0, nameEnd), label(text(body, nameEnd + 1, queryEnd)));
                }
                case 'B' -> {
                    int portalEnd = end(body, 0, length);
                    int statementEnd = end(body, portalEnd + 1, length);
                    String portal = text(body, 0, portalEnd);
                    portals.put(portal, prepared.getOrDefault(text(body, portalEnd + 1, statementEnd), "?"));
                    executed.put(portal, false);
                }
                case 'E' -> {
                    String portal = text(body, 0, end(body, 0, length));
                    String sql = portals.getOrDefault(portal, "?");
                    // a second Execute of the same portal fetches the next rows of a cursor
                    statement(Boolean.TRUE.equals(executed.put(portal, true)) ? "(next rows) " + sql : sql);
                }
                case 'D' -> {
                    if (length > 0 && body[0] == 'S') {
                        // a statement described on its own: the driver asking for its parameter types
                        String name = text(body, 1, end(body, 1, length));
                        pending(" (describe) " + prepared.getOrDefault(name, "?"));
                    }
                }
                case 'S' -> request();
                case 'Q' -> {
                    statement(SIMPLE + label(text(body, 0, end(body, 0, length))));
                    request();
                }
                default -> {
                    // Describe, Close, Flush...: no statement of their own
                }
            }
        }

        private void statement(String label) {
            statements.computeIfAbsent(label, k -> new LongAdder()).increment();
            pending(label);
        }

        private synchronized void pending(String label) {
            pending.add(label);
        }

        private synchronized void request() {
            outstanding++;
        }

        /** The client's first message after the answer to its last exchange starts the next one. */
        private synchronized void opened() {
            if (!open) {
                open = true;
                start = System.nanoTime();
                gap = lastReadyEpoch == profileEpoch ? start - lastReady : 0;
            }
        }

        /** The server answered one request; the last one outstanding ends the exchange. */
        synchronized void readyForQuery() {
            if (outstanding == 0) {
                // the ReadyForQuery after log-in: no request of the client's (its password messages are no exchange)
                open = false;
                pending.clear();
                lastReady = System.nanoTime();
                lastReadyEpoch = profileEpoch;
                return;
            }
            if (--outstanding == 0) {
                if (pending.size() == 1 && pending.get(0).equals(BEGIN)) {
                    // the driver writes its BEGIN and the transaction's first statement together (a large statement
                    // can reach us in two reads, and the server answer the BEGIN in between): one exchange
                    return;
                }
                String shape = pending.isEmpty() ? "(sync only)" : String.join(" + ", pending);
                long now = System.nanoTime();
                roundTrips.computeIfAbsent(shape, k -> new LongAdder()).increment();
                sample(clientNanos, shape, gap);
                sample(serverNanos, shape, now - start);
                exchanges.increment();
                pending.clear();
                open = false;
                lastReady = now;
                lastReadyEpoch = profileEpoch;
            }
        }
    }

    private static int end(byte[] body, int from, int length) {
        int i = from;
        while (i < length && body[i] != 0) {
            i++;
        }
        return i;
    }

    private static String text(byte[] body, int from, int to) {
        return new String(body, from, Math.max(0, to - from), StandardCharsets.UTF_8);
    }

    /** A statement's SQL on one line, cut to its first 120 characters. */
    static String label(String sql) {
        String line = sql.replaceAll("--[^\n]*", " ").replaceAll("\\s+", " ").trim();
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }

    private static byte[] ensure(byte[] buffer, int length) {
        return length - 4 <= buffer.length ? buffer : new byte[Math.max(length, buffer.length * 2)];
    }

    private static byte[] intBytes(int value) {
        return new byte[] { (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value };
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
