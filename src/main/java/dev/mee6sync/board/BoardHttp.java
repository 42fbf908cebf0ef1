package dev.mee6sync.board;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import dev.mee6sync.text.Text;

/**
 * The bounded GET of the board reader, on the JDK's {@link HttpClient}: idle, whole-request and body-size bounds, no
 * redirects. Why not the Quarkus REST client: docs/architecture.md, "HTTP client".
 */
final class BoardHttp {

    private static final int COPY_BUFFER = 64 * 1024;

    private final HttpClient client;
    private final ReaderSettings settings;
    private final String userAgent;
    /** The idle bound, checked on every poll of the answer. */
    private final long readTimeoutNanos;
    private final long maxBytes;

    BoardHttp(ReaderSettings config, String userAgent) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // one request at a time, no h2c upgrade dance with proxies: HTTP/1.1 is all a page needs
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.settings = config;
        this.userAgent = userAgent;
        this.readTimeoutNanos = config.readTimeout().toNanos();
        this.maxBytes = config.maxPageBytes();
    }

    /** A complete answer: its status, its headers, and the (decompressed) body. */
    record Answer(int status, HttpHeaders headers, byte[] body) {

        String contentType() {
            return headers.firstValue("Content-Type").orElse(null);
        }
    }

    /** A request that did not give a complete answer, described for operators (never holds a header's value). */
    static final class Failure extends Exception {
        private final Integer status;

        Failure(String description, Integer status) {
            super(description, null, false, false);
            this.status = status;
        }

        Integer status() {
            return status;
        }
    }

    /**
     * One GET within the idle, whole-request and body-size bounds (docs/board-reader.md, "Bounds of a request").
     *
     * @param headers    the source's own headers (a token, a key): sent, never logged
     * @param timeout    the bound on the whole request: the request timeout, or less when the run's deadline is nearer
     * @param byDeadline whether {@code timeout} is the time left before the run's deadline (for the message)
     */
    Answer get(URI uri, Map<String, String> headers, Duration timeout, boolean byDeadline)
            throws Failure, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET()
                .header("User-Agent", userAgent)
                .header("Accept", "application/json")
                .header("Accept-Encoding", "gzip");
        headers.forEach(request::header);
        Exchange exchange = new Exchange(maxBytes);
        long started = System.nanoTime();
        exchange.lastActivityNanos = started;
        long wholeDeadline = started + Math.max(1, timeout.toNanos());
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request.build(), exchange);
        try {
            while (true) {
                long now = System.nanoTime();
                long idleDeadline = exchange.lastActivityNanos + readTimeoutNanos;
                long until = Math.min(idleDeadline, wholeDeadline);
                if (now - until >= 0) {
                    exchange.abort();
                    future.cancel(true);
                    if (now - wholeDeadline >= 0) {
                        throw new Failure(byDeadline
                                ? "no complete answer before the run's deadline (" + exchange.received
                                        + " bytes received)"
                                : "no complete answer within "
                                        + settings.setting("REQUEST_TIMEOUT", settings.requestTimeout())
                                        + " (" + exchange.received + " bytes received)", exchange.status);
                    }
                    throw new Failure("no answer within " + settings.setting("READ_TIMEOUT", settings.readTimeout())
                            + (exchange.status == null ? "" : " (the body stalled after " + exchange.received
                                    + " bytes)"), exchange.status);
                }
                try {
                    HttpResponse<byte[]> response = future.get(until - now, TimeUnit.NANOSECONDS);
                    return answer(response, exchange);
                } catch (TimeoutException e) {
                    // not yet: the loop checks both bounds again (data may have arrived meanwhile)
                }
            }
        } catch (ExecutionException e) {
            throw failure(e.getCause(), exchange, uri);
        } catch (InterruptedException e) {
            exchange.abort();
            future.cancel(true);
            throw e;
        }
    }

    private Answer answer(HttpResponse<byte[]> response, Exchange exchange) throws Failure {
        int status = response.statusCode();
        String encoding = response.headers().firstValue("Content-Encoding").orElse("").trim().toLowerCase(Locale.ROOT);
        byte[] body = response.body();
        if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
            body = gunzip(body, status);
        } else if (!encoding.isEmpty() && !encoding.equals("identity")) {
            throw new Failure("HTTP " + status + " with a body in Content-Encoding '" + Text.abbreviate(encoding, 40)
                    + "', which was not asked for (Accept-Encoding: gzip)", status);
        }
        return new Answer(status, response.headers(), body);
    }

    /** Decompresses into a buffer that never grows past the limit; concatenated gzip members are read in turn. */
    private byte[] gunzip(byte[] compressed, int status) throws Failure {
        if (compressed.length == 0) {
            return compressed;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), COPY_BUFFER)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxBytes + 1,
                    Math.min(Integer.MAX_VALUE - 8, 8L * compressed.length)));
            byte[] buffer = new byte[COPY_BUFFER];
            long total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(status, " (after decompression)");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (ZipException | EOFException e) {
            throw new Failure("HTTP " + status + " with a gzip body that cannot be decompressed (" + compressed.length
                    + " bytes: " + e.getMessage() + ")", status);
        } catch (IOException e) {
            throw new Failure("HTTP " + status + " with an unreadable gzip body (" + e + ")", status);
        }
    }

    private Failure tooLarge(Integer status, String how) {
        return new Failure("HTTP " + (status == null ? "?" : status) + " with a body larger than "
                + settings.variable("MAX_PAGE_BYTES") + "=" + maxBytes + " bytes" + how + ": refused unread", status);
    }

    private Failure failure(Throwable cause, Exchange exchange, URI uri) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TooLarge tooLarge) {
                return tooLarge(exchange.status, tooLarge.how);
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new Failure("could not connect within "
                        + settings.setting("CONNECT_TIMEOUT", client.connectTimeout().orElseThrow()) + " ("
                        + t.getMessage() + ")",
                        exchange.status);
            }
            if (t instanceof ConnectException) {
                return new Failure("could not connect to " + uri.getAuthority() + " (" + message(t) + ")",
                        exchange.status);
            }
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new Failure("network error (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")",
                exchange.status);
    }

    /** {@code ConnectException: Connection refused}: the type, and the first message along the causes. */
    private static String message(Throwable t) {
        String message = null;
        for (Throwable c = t; c != null && message == null; c = c.getCause() == c ? null : c.getCause()) {
            message = c.getMessage();
        }
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** The body was refused for its size; {@link #how} says how it was known. */
    private static final class TooLarge extends IOException {
        final String how;

        TooLarge(String how) {
            super("body too large", null);
            this.how = how;
        }
    }

    /**
     * One request's body handler and subscriber: notes when data last arrived (the idle bound), refuses a declared or
     * received size over the limit, and asks for one buffer at a time.
     */
    private static final class Exchange
            implements HttpResponse.BodyHandler<byte[]>, HttpResponse.BodySubscriber<byte[]> {

        private final long maxBytes;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private ByteArrayOutputStream buffer;
        private volatile Flow.Subscription subscription;
        private boolean refuseAtOnce;
        private boolean gzip;
        private volatile boolean aborted;
        volatile long lastActivityNanos;
        volatile long received;
        volatile Integer status;

        Exchange(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
            lastActivityNanos = System.nanoTime();
            status = info.statusCode();
            long declared = -1;
            try {
                declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            } catch (NumberFormatException e) {
                // a broken Content-Length: the bytes that come are counted anyway
            }
            gzip = info.headers().firstValue("Content-Encoding").map(e -> e.toLowerCase(Locale.ROOT).contains("gzip"))
                    .orElse(false);
            if (declared > maxBytes) {
                // what a page's JSON compresses to is far smaller than the page: too large either way
                refuseAtOnce = true;
                body.completeExceptionally(new TooLarge(" (Content-Length " + declared + (gzip ? ", compressed" : "")
                        + ")"));
            }
            // a page is about 270 kB: start small, grow as bytes come, never past the limit
            buffer = new ByteArrayOutputStream((int) Math.min(maxBytes, declared > 0 ? declared : 64 * 1024));
            return this;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (refuseAtOnce || aborted || body.isDone()) {
                subscription.cancel();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            lastActivityNanos = System.nanoTime();
            long total = received;
            for (ByteBuffer item : items) {
                total += item.remaining();
            }
            received = total;
            if (total > maxBytes) {
                // a compressed body over the limit decompresses to more still (JSON compresses well): refused too
                subscription.cancel();
                body.completeExceptionally(new TooLarge(gzip ? " (compressed, before decompression)" : ""));
                return;
            }
            for (ByteBuffer item : items) {
                if (item.hasArray()) {
                    buffer.write(item.array(), item.arrayOffset() + item.position(), item.remaining());
                } else {
                    byte[] bytes = new byte[item.remaining()];
                    item.get(bytes);
                    buffer.write(bytes, 0, bytes.length);
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(buffer.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        /** Stops reading: the connection is closed rather than drained. */
        void abort() {
            aborted = true;
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
            body.completeExceptionally(new IOException("aborted"));
        }
    }
}
