package dev.mee6sync.mee6;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mee6sync.xp.XpSourceException;
import dev.mee6sync.xp.XpSourceException.Kind;
import io.smallrye.faulttolerance.api.Guard;

/**
 * Reads the leaderboard pages of one fetch, each retried on transient failures, with the application's
 * {@link Mee6Http}. Turns every way a request can end into players, a {@link TransientFailure} that the guard retries,
 * a PERMANENT {@link XpSourceException}, or {@link DeadlineReached} when the run's deadline leaves no room for a retry.
 * Every text that could echo the request (a body snippet, a library's message) goes through {@link #redact(String)},
 * so the MEE6 token never reaches a log or an exception.
 */
final class PageReader {

    static final String SOURCE = "MEE6";
    private static final int SNIPPET_CHARS = 120;

    private final Mee6Config config;
    private final String guildId;
    private final String token;
    private final Redactor redactor;
    private final LeaderboardParser parser;
    private final Mee6Http http;
    private final FetchClock clock;
    private final Guard guard;
    private final String baseUrl;
    private RetryBackoff backoff;
    private int currentPage;
    private long pageStartedNanos;
    private int attempts;
    private int lastAttempts;
    private boolean deadlineStop;

    PageReader(Mee6Config config, Mee6Http http, String guildId, LeaderboardParser parser, Optional<String> token,
            FetchClock clock) {
        this.config = config;
        this.http = http;
        this.guildId = guildId;
        this.token = token.filter(t -> !t.isBlank()).orElse(null);
        this.redactor = new Redactor(this.token);
        this.parser = parser;
        this.clock = clock;
        this.baseUrl = config.apiUrl().replaceAll("/+$", "");
        Mee6Config.Retry retry = config.retry();
        this.guard = Guard.create()
                .withDescription("MEE6 leaderboard page request")
                .withRetry()
                .maxRetries(retry.maxAttempts() - 1)
                .maxDuration(retry.maxDuration().toMillis(), ChronoUnit.MILLIS)
                .whenException(this::worthRetrying)
                .withCustomBackoff()
                // the page's backoff, made by read() before the guarded call: the retry predicate plans with it
                .strategy(() -> backoff)
                .done()
                .done()
                .build();
    }

    /** A page's validated players, and how many requests it took. */
    record PageResult(List<LeaderboardPage.Player> players, int attempts) {
    }

    /** The run's deadline leaves no time for the next retry of a page; {@link #getMessage()} is the last failure. */
    static final class DeadlineReached extends RuntimeException {
        final int page;

        DeadlineReached(int page, String lastFailure) {
            super(lastFailure, null, false, false);
            this.page = page;
        }
    }

    /** Requests made for the page of the last {@link #read}, retries included. */
    int lastAttempts() {
        return lastAttempts;
    }

    /** One page, retried on transient failures; throws a {@link XpSourceException} when it cannot be read. */
    PageResult read(int page) {
        Mee6Config.Retry retry = config.retry();
        currentPage = page;
        pageStartedNanos = System.nanoTime();
        attempts = 0;
        deadlineStop = false;
        backoff = new RetryBackoff(retry.initialDelay(), retry.maxDelay(), retry.maxRetryAfter(), retry.maxDuration(),
                retry.maxAttempts(), page);
        try {
            LeaderboardPage read = guard.call(() -> {
                attempts++;
                return attempt(page);
            }, LeaderboardPage.class);
            return new PageResult(read.players(), attempts);
        } catch (XpSourceException | DeadlineReached e) {
            throw e;
        } catch (TransientFailure e) {
            if (deadlineStop) {
                throw new DeadlineReached(page, e.getMessage());
            }
            throw exhausted(page, attempts, Duration.ofNanos(System.nanoTime() - pageStartedNanos), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XpSourceException(SOURCE, Kind.TRANSIENT, "MEE6 leaderboard fetch interrupted while reading page "
                    + page + " of guild " + guildId, null, e);
        } catch (Exception e) {
            throw new XpSourceException(SOURCE, Kind.PERMANENT, redact("Unexpected error reading MEE6 leaderboard page "
                    + page + " of guild " + guildId + ": " + e), null, e);
        } finally {
            lastAttempts = attempts;
        }
    }

    /**
     * Transient failures only, while attempts are left, and not when MEE6's {@code Retry-After} outlasts what is left
     * of the page's {@code max-duration}: giving up at once beats sleeping for a retry that could not be made. Nor when
     * the wait and one more request do not fit before the run's deadline: then the fetch stops (DeadlineReached).
     */
    private boolean worthRetrying(Throwable failure) {
        if (!(failure instanceof TransientFailure transientFailure)) {
            return false;
        }
        if (attempts >= config.retry().maxAttempts()) {
            return false; // the guard stops anyway: MEE6_RETRY_MAX_ATTEMPTS reached
        }
        long waitMs = transientFailure.retryAfter().map(Duration::toMillis).orElse(0L);
        long spentMs = (System.nanoTime() - pageStartedNanos) / 1_000_000;
        if (spentMs + Math.min(waitMs, config.retry().maxRetryAfter().toMillis()) >= config.retry().maxDuration()
                .toMillis()) {
            return false;
        }
        if (clock.hasDeadline() && !clock.fits(backoff.plannedWait(failure))) {
            deadlineStop = true;
            return false;
        }
        return true;
    }

    private LeaderboardPage attempt(int page) throws InterruptedException {
        URI uri = URI.create(baseUrl + "/plugins/levels/leaderboard/" + guildId + "?page=" + page + "&limit="
                + config.pageSize());
        Duration timeout = config.requestTimeout();
        boolean byDeadline = false;
        if (clock.hasDeadline()) {
            long leftNanos = clock.leftNanos();
            if (leftNanos <= 0) {
                throw new DeadlineReached(page, "no time left for another request");
            }
            if (leftNanos < timeout.toNanos()) {
                timeout = Duration.ofNanos(leftNanos);
                byDeadline = true;
            }
        }
        Mee6Http.Answer answer;
        long started = System.nanoTime();
        try {
            answer = http.get(uri, token, timeout, byDeadline);
        } catch (Mee6Http.Failure e) {
            throw new TransientFailure(redact(e.getMessage()), e.status(), null, null);
        } finally {
            clock.requestDone(System.nanoTime() - started);
        }
        int status = answer.status();
        byte[] body = answer.body();
        if (status >= 200 && status < 300) {
            return parse(page, status, answer.contentType(), body);
        }
        if (status == 401) {
            throw permanent(unauthorized(), body);
        }
        if (status == 403) {
            throw permanent(forbidden(), body);
        }
        if (status == 404) {
            throw permanent("MEE6 answered 404 Not Found for guild id " + guildId + ": MEE6 does not know "
                    + "this guild, or the MEE6 bot is not in that Discord server. Check MEE6_GUILD_ID (the Discord "
                    + "server id) and that MEE6 is installed there", body);
        }
        if (status == 429) {
            Optional<Duration> retryAfter = RetryAfter.parse(answer.retryAfter(), Instant.now());
            String wait = retryAfter.map(d -> ", Retry-After " + Durations.human(d)).orElse(", no Retry-After");
            throw new TransientFailure(redact("HTTP 429 Too Many Requests" + wait + said(body)), status,
                    retryAfter.orElse(null), null);
        }
        if (status >= 400 && status < 500) {
            throw permanent("MEE6 refused the request for page " + page + " of guild " + guildId
                    + " (limit=" + config.pageSize() + ") with HTTP " + status + ": check MEE6_GUILD_ID and "
                    + "MEE6_PAGE_SIZE", body);
        }
        throw new TransientFailure(redact("HTTP " + status + describeErrorBody(answer.contentType(), body)), status,
                null, null);
    }

    private LeaderboardPage parse(int page, int status, String contentType, byte[] body) {
        LeaderboardPage parsed;
        try {
            parsed = parser.parse(body);
        } catch (LeaderboardParser.NotAPage e) {
            throw new TransientFailure(redact("HTTP " + status + " with " + e.getMessage() + bodyFacts(contentType, body)),
                    status, null, null);
        } catch (LeaderboardParser.InvalidData e) {
            throw new XpSourceException(SOURCE, Kind.PERMANENT, redact("MEE6 leaderboard page " + page + ", "
                    + e.getMessage() + " (guild " + guildId + "). The whole fetch was refused and nothing was synced: "
                    + "MEE6 sent data that cannot be trusted for points. Not retried"), null, null);
        }
        checkProvenance(page, parsed);
        return parsed;
    }

    /**
     * Every page must say it is the page asked for, of the guild asked for: a proxy or CDN that serves a cached page of
     * another guild (or the same page for every number) would otherwise pay points from someone else's board.
     */
    private void checkProvenance(int page, LeaderboardPage parsed) {
        JsonNode guild = parsed.guild() == null ? null : parsed.guild().get("id");
        JsonNode answeredPage = parsed.page();
        boolean guildOk = guild != null && guild.isTextual() && guild.asText().equals(guildId);
        boolean pageOk = answeredPage != null && answeredPage.isIntegralNumber() && answeredPage.canConvertToLong()
                && answeredPage.asLong() == page;
        if (guildOk && pageOk) {
            return;
        }
        String reason;
        if (guild == null || !guild.isTextual() || answeredPage == null || !answeredPage.isIntegralNumber()) {
            reason = "a page that does not say which page of which guild it is (guild.id a string, page an integer) "
                    + "is never used for points";
        } else if (!guildOk) {
            reason = "a page of another guild is never used for points";
        } else {
            reason = "a page other than the one asked for is never used for points";
        }
        throw new XpSourceException(SOURCE, Kind.PERMANENT, redact("MEE6 answered page "
                + shown(answeredPage, answeredPage != null && answeredPage.isIntegralNumber(), "not an integer")
                + " of guild " + shown(guild, guild != null && guild.isTextual(), "not a string") + " (asked: page " + page + " of guild " + guildId + "): " + reason
                + "; check MEE6_GUILD_ID, and whether a proxy or CDN in front of MEE6 serves the wrong page. "
                + "Not retried"), null, null);
    }

    /** A JSON value as an operator reads it: a string bare, anything else as JSON, a missing one as "(missing)". */
    private static String shown(JsonNode value, boolean rightType, String wrongType) {
        if (value == null || value.isMissingNode()) {
            return "(missing)";
        }
        String text = value.isTextual() && rightType ? value.asText() : value.toString();
        text = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return rightType ? text : text + " (" + wrongType + ")";
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

    private String forbidden() {
        String base = "MEE6 answered 403 Forbidden for the leaderboard of guild " + guildId + ": MEE6's API sits behind "
                + "Cloudflare, which refuses many anonymous clients since 2024. ";
        if (token == null) {
            return base + "Set MEE6_AUTH_TOKEN to the web token of a user logged in to the MEE6 website (see README.md, "
                    + "\"The MEE6 client\", and infra/DEPLOY.md)";
        }
        return base + "The configured MEE6_AUTH_TOKEN was refused: it ends when its user logs out of the MEE6 website, "
                + "or was revoked. Renew MEE6_AUTH_TOKEN with the web token of a logged-in MEE6 user (see README.md, "
                + "\"The MEE6 client\", and infra/DEPLOY.md)";
    }

    private XpSourceException permanent(String message, byte[] body) {
        return new XpSourceException(SOURCE, Kind.PERMANENT, redact(message + said(body) + ". Not retried"), null,
                null);
    }

    private XpSourceException exhausted(int page, int attempts, Duration spent, TransientFailure last) {
        Mee6Config.Retry retry = config.retry();
        String budget = "MEE6_RETRY_MAX_DURATION=" + Durations.human(retry.maxDuration());
        String limit = attempts >= retry.maxAttempts() ? "MEE6_RETRY_MAX_ATTEMPTS=" + retry.maxAttempts() + " reached"
                : spent.compareTo(retry.maxDuration()) >= 0 ? budget + " used up"
                : "MEE6's Retry-After goes past " + budget;
        String message = "MEE6 leaderboard page " + page + " of guild " + guildId + " could not be read after "
                + attempts + (attempts == 1 ? " attempt" : " attempts") + " in " + Durations.human(spent.truncatedTo(
                        ChronoUnit.MILLIS)) + " (" + limit + "); last failure: " + last.getMessage()
                + ". Nothing was synced; the next run will try again";
        return new XpSourceException(SOURCE, Kind.TRANSIENT, redact(message), null, last);
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

    private String redact(String text) {
        return redactor.redact(text);
    }
}
