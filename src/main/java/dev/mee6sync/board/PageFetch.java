package dev.mee6sync.board;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.mee6sync.text.Durations;
import dev.mee6sync.text.Text;
import dev.mee6sync.xp.XpSourceException;
import dev.mee6sync.xp.XpSourceException.Kind;
import io.smallrye.faulttolerance.api.Guard;

/**
 * The pages of one read, each retried on transient failures. Turns every way a request can end into a page, a
 * {@link TransientFailure} that the guard retries, a PERMANENT {@link XpSourceException}, or {@link DeadlineReached};
 * every text that could echo the request goes through the {@link Redactor} first.
 */
final class PageFetch {

    private static final Logger LOG = Logger.getLogger(PageFetch.class);
    private static final int SNIPPET_CHARS = 120;
    private static final int SAID_CHARS = 200;

    private final ReaderSettings settings;
    private final BoardHttp http;
    private final Board board;
    private final FetchClock clock;
    private final Redactor redactor;
    private final Guard guard;
    private RetryBackoff backoff;
    private long pageStartedNanos;
    private int attempts;
    private int lastAttempts;
    private boolean deadlineStop;
    private long pauseUntilNanos;
    private boolean pausing;

    PageFetch(ReaderSettings settings, BoardHttp http, Board board, FetchClock clock) {
        this.settings = settings;
        this.http = http;
        this.board = board;
        this.clock = clock;
        this.redactor = new Redactor(board.secret().orElse(null));
        ReaderSettings.Retry retry = settings.retry();
        this.guard = Guard.create()
                .withDescription(board.name() + " leaderboard page request")
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

    /** A page and the requests it took. */
    record Result(Page page, int attempts) {
    }

    /** The run's deadline leaves no time for the next retry of a page; the message is the last failure. */
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

    /** What is left of the pause the source's rate limit asked for (0 when none). */
    long pauseLeftNanos() {
        return pausing ? Math.max(0, pauseUntilNanos - System.nanoTime()) : 0;
    }

    /** {@code MEE6 page 3}: a page as messages name it, in the source's numbering. */
    String label(int page) {
        return board.name() + " page " + board.shownPage(page);
    }

    /** One page, retried on transient failures; throws a {@link XpSourceException} when it cannot be read. */
    Result read(int page) {
        pageStartedNanos = System.nanoTime();
        attempts = 0;
        deadlineStop = false;
        backoff = new RetryBackoff(settings.retry(), label(page), settings.variable("RETRY_MAX_DURATION"));
        try {
            Page read = guard.call(() -> {
                attempts++;
                return attempt(page);
            }, Page.class);
            return new Result(read, attempts);
        } catch (XpSourceException | DeadlineReached e) {
            throw e;
        } catch (TransientFailure e) {
            if (deadlineStop) {
                throw new DeadlineReached(page, e.getMessage());
            }
            throw exhausted(page, attempts, Duration.ofNanos(System.nanoTime() - pageStartedNanos), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XpSourceException(board.name(), Kind.TRANSIENT, "interrupted", board.name() + " leaderboard "
                    + "fetch interrupted while reading page " + board.shownPage(page) + " of guild " + board.guildId(),
                    null, e);
        } catch (Exception e) {
            throw new XpSourceException(board.name(), Kind.PERMANENT, "unexpected", redact("Unexpected error reading "
                    + board.name() + " leaderboard page " + board.shownPage(page) + " of guild " + board.guildId()
                    + ": " + e), null, e);
        } finally {
            lastAttempts = attempts;
        }
    }

    /**
     * Transient failures only, while attempts, the page's budget and the run's deadline allow the wait and one more
     * request (docs/board-reader.md, "Retries").
     */
    private boolean worthRetrying(Throwable failure) {
        if (!(failure instanceof TransientFailure transientFailure)) {
            return false;
        }
        ReaderSettings.Retry retry = settings.retry();
        if (attempts >= retry.maxAttempts()) {
            return false; // the guard stops anyway: RETRY_MAX_ATTEMPTS reached
        }
        long waitMs = transientFailure.retryAfter().map(Duration::toMillis).orElse(0L);
        long spentMs = (System.nanoTime() - pageStartedNanos) / 1_000_000;
        if (spentMs + Math.min(waitMs, retry.maxRetryAfter().toMillis()) >= retry.maxDuration().toMillis()) {
            return false;
        }
        if (clock.hasDeadline() && !clock.fits(backoff.plannedWait(failure))) {
            deadlineStop = true;
            return false;
        }
        return true;
    }

    private Page attempt(int page) throws InterruptedException {
        Duration timeout = settings.requestTimeout();
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
        BoardHttp.Answer answer;
        long started = System.nanoTime();
        try {
            answer = http.get(board.pageUri(page), board.headers(), timeout, byDeadline);
        } catch (BoardHttp.Failure e) {
            throw new TransientFailure(redact(e.getMessage()), e.status(), null, null);
        } finally {
            clock.requestDone(System.nanoTime() - started);
        }
        notePause(page, answer);
        int status = answer.status();
        byte[] body = answer.body();
        if (status >= 200 && status < 300) {
            return parse(page, status, answer.contentType(), body);
        }
        if (status == 429) {
            Optional<Duration> retryAfter = RetryAfter.parse(answer.headers().firstValue("Retry-After").orElse(null),
                    Instant.now());
            String wait = retryAfter.map(d -> ", Retry-After " + Durations.human(d)).orElse(", no Retry-After");
            throw new TransientFailure(redact("HTTP 429 Too Many Requests" + wait + said(body)), status,
                    retryAfter.orElse(null), null);
        }
        if (status >= 400 && status < 500) {
            Refusal refusal = board.messages().refused(status, board.shownPage(page));
            throw new XpSourceException(board.name(), Kind.PERMANENT, refusal.reason(),
                    redact(refusal.message() + said(body) + ". Not retried"), null, null);
        }
        throw new TransientFailure(redact("HTTP " + status + describeErrorBody(answer.contentType(), body)), status,
                null, null);
    }

    /** What the source's rate limit asks for before the next request, capped like a {@code Retry-After}. */
    private void notePause(int page, BoardHttp.Answer answer) {
        Duration pause = board.pauseAfter(answer.headers());
        if (pause.isNegative() || pause.isZero()) {
            return;
        }
        Duration max = settings.retry().maxRetryAfter();
        Duration capped = pause.compareTo(max) > 0 ? max : pause;
        pausing = true;
        pauseUntilNanos = System.nanoTime() + capped.toNanos();
        LOG.debugf("%s: the rate limit asks for a pause of %s before the next request", label(page),
                Durations.human(capped));
    }

    private Page parse(int page, int status, String contentType, byte[] body) {
        try {
            return board.parse(page, body);
        } catch (NotAPage e) {
            throw new TransientFailure(redact("HTTP " + status + " with " + e.getMessage()
                    + bodyFacts(contentType, body)), status, null, null);
        } catch (InvalidData e) {
            throw new XpSourceException(board.name(), Kind.PERMANENT, "invalid-data", redact(board.name()
                    + " leaderboard page " + board.shownPage(page) + ", " + e.getMessage() + " (guild "
                    + board.guildId() + "). The whole fetch was refused and nothing was synced: " + board.name()
                    + " sent data that cannot be trusted for points. Not retried"), null, null);
        } catch (UntrustedPage e) {
            throw new XpSourceException(board.name(), Kind.PERMANENT, e.reason(), redact(e.getMessage()
                    + ". Not retried"), null, null);
        }
    }

    private XpSourceException exhausted(int page, int attempts, Duration spent, TransientFailure last) {
        ReaderSettings.Retry retry = settings.retry();
        String budget = settings.setting("RETRY_MAX_DURATION", retry.maxDuration());
        String limit = attempts >= retry.maxAttempts()
                ? settings.variable("RETRY_MAX_ATTEMPTS") + "=" + retry.maxAttempts() + " reached"
                : spent.compareTo(retry.maxDuration()) >= 0 ? budget + " used up"
                : board.name() + "'s Retry-After goes past " + budget;
        String message = board.name() + " leaderboard page " + board.shownPage(page) + " of guild "
                + board.guildId() + " could not be read after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                + " in " + Durations.human(spent.truncatedTo(ChronoUnit.MILLIS)) + " (" + limit + "); last failure: "
                + last.getMessage() + ". Nothing was synced; the next run will try again";
        Integer status = last.httpStatus();
        String reason = status != null && status == 429 ? "rate-limited" : "unavailable";
        return new XpSourceException(board.name(), Kind.TRANSIENT, reason, redact(message), null, last);
    }

    /** {@code " (MEE6 says: ...)"} when the body is the source's JSON error, else nothing. */
    private String said(byte[] body) {
        return errorMessage(body).map(m -> " (" + board.name() + " says: \"" + m + "\")").orElse("");
    }

    private Optional<String> errorMessage(byte[] body) {
        try {
            return board.errorMessage(body).filter(m -> !m.isBlank()).map(m -> Text.abbreviate(m, SAID_CHARS));
        } catch (RuntimeException e) {
            return Optional.empty(); // an error body we cannot read says nothing more than its status
        }
    }

    private String describeErrorBody(String contentType, byte[] body) {
        String said = said(body);
        if (!said.isEmpty()) {
            return said;
        }
        return body.length == 0 ? " with an empty body" : " with a non-JSON body" + bodyFacts(contentType, body);
    }

    /** {@code " (text/html, 177 bytes: "<!DOCTYPE html>...")"}: enough to tell a CDN's page from the source's. */
    private String bodyFacts(String contentType, byte[] body) {
        if (body.length == 0) {
            return "";
        }
        // the whole body is masked before it is cut, so a cut cannot leave part of an echoed secret
        String text = Text.oneLine(redact(new String(body, StandardCharsets.UTF_8)));
        return " (" + (contentType == null ? "no content type" : contentType) + ", " + body.length + " bytes: \""
                + Text.abbreviate(text, SNIPPET_CHARS) + "\")";
    }

    private String redact(String text) {
        return redactor.redact(text);
    }
}
