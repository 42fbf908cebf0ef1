package dev.mee6sync.mee6;

/**
 * The leaderboard could not be read completely; nothing of it is returned. Its message is written for the operator
 * who reads it in CloudWatch or Sentry, and never contains the MEE6 token.
 */
public class Mee6FetchException extends RuntimeException {

    /** Whether trying again later can help. */
    public enum Kind {
        /** Needs someone to act (a private leaderboard, an unknown guild, a bad request): retrying will not help. */
        PERMANENT,
        /** MEE6 or the network failed for now (rate limit, 5xx, timeout, a non-JSON page): the next run may pass. */
        TRANSIENT
    }

    private final Kind kind;
    private final Integer httpStatus;
    private final Integer page;
    private FetchFacts facts = FetchFacts.NONE;

    public Mee6FetchException(Kind kind, String message, Integer httpStatus, Integer page, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.page = page;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isPermanent() {
        return kind == Kind.PERMANENT;
    }

    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }

    /** The HTTP status MEE6 answered with, when the failure came with one. */
    public Integer httpStatus() {
        return httpStatus;
    }

    /** What the fetch did before it failed: pages requested (the failed one included) and retries. */
    public FetchFacts facts() {
        return facts;
    }

    /** Attaches what the fetch did before failing; returns this exception, for {@code throw e.withFacts(...)}. */
    public Mee6FetchException withFacts(FetchFacts facts) {
        this.facts = facts;
        return this;
    }

    /** The leaderboard page (from 0) being read when the fetch failed, when known. */
    public Integer page() {
        return page;
    }
}
