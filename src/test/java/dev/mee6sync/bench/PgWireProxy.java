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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A TCP proxy between the application and PostgreSQL that reads the wire protocol (v3) as it forwards it and counts
 * the messages of each type, in each direction. It is how the benchmark counts round trips and statements instead of
 * estimating them: every {@code ReadyForQuery} ('Z') the server sends ends one round trip (one per client
 * {@code Sync} 'S' or simple {@code Query} 'Q'); every {@code Execute} ('E') or simple {@code Query} is a statement.
 * <p>
 * Plain TCP only: it answers an SSL or GSS encryption request with "no" itself, so connections through it are
 * unencrypted (loopback). JDK classes only: it runs in the benchmark's sidecar process ({@link BenchSidecar}).
 */
final class PgWireProxy implements AutoCloseable {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_ENC_REQUEST = 80877104;

    private final ServerSocket server;
    private final int upstreamPort;
    private final AtomicLongArray fromClient = new AtomicLongArray(128);
    private final AtomicLongArray fromServer = new AtomicLongArray(128);

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
        return counts;
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
                start("pg-proxy-c2s", () -> clientToServer(client, upstream));
                start("pg-proxy-s2c", () -> serverToClient(client, upstream));
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
    private void clientToServer(Socket client, Socket upstream) throws IOException {
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
            pump(in, out, fromClient, buffer);
        }
    }

    private void serverToClient(Socket client, Socket upstream) throws IOException {
        try (client; upstream) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(upstream.getInputStream(), 1 << 16));
            OutputStream out = new BufferedOutputStream(client.getOutputStream(), 1 << 16);
            pump(in, out, fromServer, new byte[1 << 16]);
        }
    }

    /** Forwards typed messages one by one, counting them; flushes whenever nothing more is waiting. */
    private static void pump(DataInputStream in, OutputStream out, AtomicLongArray counts, byte[] buffer)
            throws IOException {
        while (true) {
            int type = in.read();
            if (type < 0) {
                return;
            }
            int length = in.readInt();
            buffer = ensure(buffer, length);
            in.readFully(buffer, 0, length - 4);
            counts.incrementAndGet(type & 0x7f);
            out.write(type);
            out.write(intBytes(length));
            out.write(buffer, 0, length - 4);
            if (in.available() == 0) {
                out.flush();
            }
        }
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
