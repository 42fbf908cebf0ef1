package dev.mee6sync.mee6;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.client.api.LoggingScope;

import dev.mee6sync.config.Mee6Config;
import dev.mee6sync.mee6.Mee6FetchException.Kind;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.Guard;

/**
 * Reads the leaderboard pages of one fetch, each retried on transient failures, with the application's client. Turns
 * every way a request can end into players, a {@link TransientFailure} that the guard retries, or a PERMANENT
 * {@link Mee6FetchException}. Every text that could echo the request (a body snippet, a library's message) goes through
 * {@link #redact(String)}, so the MEE6 token never reaches a log or an exception.
 */
final class PageReader {

    private static final int SNIPPET_CHARS = 120;

    private final Mee6Config config;
    private final String guildId;
    private final String token;
    private final Redactor redactor;
    private final LeaderboardParser parser;
    private final Mee6Api api;
    private final Guard guard;
    private int currentPage;
    private long pageStartedNanos;
    private int lastAttempts;

    PageReader(Mee6Config config, Mee6Api api, String guildId, LeaderboardParser parser, Optional<String> token) {
        this.config = config;
        this.api = api;
        this.guildId = guildId;
        this.token = token.filter(t -> !t.isBlank()).orElse(null);
        this.redactor = new Redactor(this.token);
        this.parser = parser;
        Mee6Config.Retry retry = config.retry();
        this.guard = Guard.create()
                .withDescription("MEE6 leaderboard page request")
                .withRetry()
                .maxRetries(retry.maxAttempts() - 1)
                .maxDuration(retry.maxDuration().toMillis(), ChronoUnit.MILLIS)
                .whenException(this::worthRetrying)
                .withCustomBackoff()
                .strategy(() -> new RetryBackoff(retry.initialDelay(), retry.maxDelay(), retry.maxRetryAfter(),
                        retry.maxDuration(), retry.maxAttempts(), currentPage))
                .done()
                .done()
                .build();
    }

    /**
     * The REST client for MEE6, built once per application (it keeps its connections): explicit timeouts, our
     * User-Agent, status codes left to us, and no request logging, since requests can carry the MEE6 token.
     */
    static Mee6Api client(Mee6Config config, String userAgent) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.apiUrl().replaceAll("/+$", "")))
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .userAgent(userAgent)
                .followRedirects(false)
                // status codes are ours to read: no WebApplicationException for 4xx/5xx
                .disableDefaultMapper(true)
                // the Authorization header is a personal credential: no request logging, whatever the global config
                .loggingScope(LoggingScope.NONE)
                .loggingMaskedHeaders(Set.of(HttpHeaders.AUTHORIZATION))
                .enableCompression(true)
                .build(Mee6Api.class);
    }

    /** A page's validated players, and how many requests it took. */
    record PageResult(List<LeaderboardPage.Player> players, int attempts) {
    }

    /** Requests made for the page of the last {@link #read}, retries included. */
    int lastAttempts() {
        return lastAttempts;
    }

    /** One page, retried on transient failures; throws a {@link Mee6FetchException} when it cannot be read. */
    PageResult read(int page) {
        currentPage = page;
        pageStartedNanos = System.nanoTime();
        int[] attempts = { 0 };
        try {
            LeaderboardPage read = guard.call(() -> {
                attempts[0]++;
                return attempt(page);
            }, LeaderboardPage.class);
            return new PageResult(read.players(), attempts[0]);
        } catch (Mee6FetchException e) {
            throw e;
        } catch (TransientFailure e) {
            throw exhausted(page, attempts[0], Duration.ofNanos(System.nanoTime() - pageStartedNanos), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Mee6FetchException(Kind.TRANSIENT, "MEE6 leaderboard fetch interrupted while reading page " + page
                    + " of guild " + guildId, null, page, e);
        } catch (Exception e) {
            throw new Mee6FetchException(Kind.PERMANENT, redact("Unexpected error reading MEE6 leaderboard page " + page
                    + " of guild " + guildId + ": " + e), null, page, e);
        } finally {
            lastAttempts = attempts[0];
        }
    }

    /**
     * Transient failures only, and not when MEE6's {@code Retry-After} outlasts what is left of the page's
     * {@code max-duration}: giving up at once beats sleeping for a retry that could not be made.
     */
    private boolean worthRetrying(Throwable failure) {
        if (!(failure instanceof TransientFailure transientFailure)) {
            return false;
        }
        long waitMs = transientFailure.retryAfter().map(Duration::toMillis).orElse(0L);
        long spentMs = (System.nanoTime() - pageStartedNanos) / 1_000_000;
        return spentMs + Math.min(waitMs, config.retry().maxRetryAfter().toMillis()) < config.retry().maxDuration()
                .toMillis();
    }

    private LeaderboardPage attempt(int page) {
        int status;
        byte[] body;
        String contentType;
        Optional<Duration> retryAfter;
        try (Response response = api.leaderboardPage(guildId, page, config.pageSize(), token)) {
            status = response.getStatus();
            contentType = response.getHeaderString(HttpHeaders.CONTENT_TYPE);
            retryAfter = RetryAfter.parse(response.getHeaderString(HttpHeaders.RETRY_AFTER), Instant.now());
            body = response.hasEntity() ? response.readEntity(byte[].class) : new byte[0];
        } catch (ProcessingException e) {
            throw new TransientFailure(redact(describeIo(e)), null, null, e);
        }
        if (status >= 200 && status < 300) {
            return parse(page, status, contentType, body);
        }
        if (status == 401) {
            throw permanent(page, status, unauthorized(), body);
        }
        if (status == 404) {
            throw permanent(page, status, "MEE6 answered 404 Not Found for guild id " + guildId + ": MEE6 does not know "
                    + "this guild, or the MEE6 bot is not in that Discord server. Check MEE6_GUILD_ID (the Discord "
                    + "server id) and that MEE6 is installed there", body);
        }
        if (status == 429) {
            String wait = retryAfter.map(d -> ", Retry-After " + Durations.human(d)).orElse(", no Retry-After");
            throw new TransientFailure(redact("HTTP 429 Too Many Requests" + wait + said(body)), status,
                    retryAfter.orElse(null), null);
        }
        if (status >= 400 && status < 500) {
            throw permanent(page, status, "MEE6 refused the request for page " + page + " of guild " + guildId
                    + " (limit=" + config.pageSize() + ") with HTTP " + status + ": check MEE6_GUILD_ID and "
                    + "MEE6_PAGE_SIZE", body);
        }
        throw new TransientFailure(redact("HTTP " + status + describeErrorBody(contentType, body)), status, null,
                null);
    }

    private LeaderboardPage parse(int page, int status, String contentType, byte[] body) {
        try {
            return parser.parse(body);
        } catch (LeaderboardParser.NotAPage e) {
            throw new TransientFailure(redact("HTTP " + status + " with " + e.getMessage() + bodyFacts(contentType, body)),
                    status, null, null);
        } catch (LeaderboardParser.InvalidData e) {
            throw new Mee6FetchException(Kind.PERMANENT, redact("MEE6 leaderboard page " + page + ", " + e.getMessage()
                    + " (guild " + guildId + "). The whole fetch was refused and nothing was synced: MEE6 sent data "
                    + "that cannot be trusted for points. Not retried"), status, page, null);
        }
    }

    private String unauthorized() {
        String base = "MEE6 answered 401 Unauthorized for the leaderboard of guild " + guildId + ": ";
        String fix = "enable \"Make my server's leaderboard public\" in the MEE6 dashboard (leaderboard settings of "
                + "the Discord server)";
        if (token == null) {
            return base + "the leaderboard is private. An admin should " + fix + ", or set MEE6_AUTH_TOKEN to a MEE6 "
                    + "web token that can read it (a public leaderboard is recommended)";
        }
        return base + "the leaderboard is private and the configured MEE6_AUTH_TOKEN was refused (expired, revoked, "
                + "or its user cannot see this leaderboard). An admin should " + fix + " (recommended), or renew "
                + "MEE6_AUTH_TOKEN";
    }

    private Mee6FetchException permanent(int page, int status, String message, byte[] body) {
        return new Mee6FetchException(Kind.PERMANENT, redact(message + said(body) + ". Not retried"), status, page,
                null);
    }

    private Mee6FetchException exhausted(int page, int attempts, Duration spent, TransientFailure last) {
        Mee6Config.Retry retry = config.retry();
        String budget = "MEE6_RETRY_MAX_DURATION=" + Durations.human(retry.maxDuration());
        String limit = attempts >= retry.maxAttempts() ? "MEE6_RETRY_MAX_ATTEMPTS=" + retry.maxAttempts() + " reached"
                : spent.compareTo(retry.maxDuration()) >= 0 ? budget + " used up"
                : "MEE6's Retry-After goes past " + budget;
        String message = "MEE6 leaderboard page " + page + " of guild " + guildId + " could not be read after "
                + attempts + (attempts == 1 ? " attempt" : " attempts") + " in " + Durations.human(spent.truncatedTo(
                        ChronoUnit.MILLIS)) + " (" + limit + "); last failure: " + last.getMessage()
                + ". Nothing was synced; the next run will try again";
        return new Mee6FetchException(Kind.TRANSIENT, redact(message), last.httpStatus(), page, last);
    }

    /** {@code " (MEE6 says: ...)"} when the body is MEE6's JSON error, else nothing. */
    private String said(byte[] body) {
        return parser.errorMessage(body).map(m -> " (MEE6 says: \"" + m + "\")").orElse("");
    }

    private String describeErrorBody(String contentType, byte[] body) {
        Optional<String> said = parser.errorMessage(body);
        if (said.isPresent()) {
            return " (MEE6 says: \"" + said.get() + "\")";
        }
        return body.length == 0 ? " with an empty body" : " with a non-JSON body" + bodyFacts(contentType, body);
    }

    /** {@code " (text/html, 177 bytes: "<!DOCTYPE html>...")"}: enough to tell a CDN page from a MEE6 one. */
    private String bodyFacts(String contentType, byte[] body) {
        if (body.length == 0) {
            return "";
        }
        // the whole body is masked before it is cut, so a cut cannot leave part of an echoed token
        String text = redact(new String(body, StandardCharsets.UTF_8)).replaceAll("\\s+", " ").strip();
        String snippet = text.length() > SNIPPET_CHARS ? text.substring(0, SNIPPET_CHARS) + "..." : text;
        return " (" + (contentType == null ? "no content type" : contentType) + ", " + body.length + " bytes: \""
                + snippet + "\")";
    }

    private String describeIo(ProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String type = cause.getClass().getSimpleName();
            if (type.equals("ConnectTimeoutException")) {
                return "could not connect within MEE6_CONNECT_TIMEOUT=" + Durations.human(config.connectTimeout())
                        + " (" + cause.getMessage() + ")";
            }
            if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException
                    || type.contains("Timeout")) {
                return "no answer within MEE6_READ_TIMEOUT=" + Durations.human(config.readTimeout());
            }
            if (cause instanceof ConnectException) {
                return "could not connect (" + cause.getMessage() + ")";
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "network error (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    private String redact(String text) {
        return redactor.redact(text);
    }
}
