package dev.mee6sync.xp;

/**
 * A source could not be read completely; nothing of it is returned. Its message is written for the operator who reads
 * it in CloudWatch or Sentry (it names what failed and what to change) and never contains a secret.
 */
public class XpSourceException extends RuntimeException {

    /** Whether trying again later can help. */
    public enum Kind {
        /** Needs someone to act (a private board, an unknown guild, a refused token): retrying will not help. */
        PERMANENT,
        /** The source or the network failed for now (rate limit, 5xx, timeout, not a page, no time left). */
        TRANSIENT
    }

    private final String source;
    private final Kind kind;
    private final String reason;
    private final FetchFacts facts;

    /**
     * @param reason a short stable name of the cause ({@code unauthorized}, {@code forbidden}, {@code unknown-guild},
     *               {@code invalid-data}, {@code rate-limited}...): the alert's identity, whatever the message says
     */
    public XpSourceException(String source, Kind kind, String reason, String message, FetchFacts facts,
            Throwable cause) {
        super(message, cause);
        this.source = source;
        this.kind = kind;
        this.reason = reason;
        this.facts = facts == null ? FetchFacts.NONE : facts;
    }

    /** The source's name ({@code "MEE6"}). */
    public String source() {
        return source;
    }

    public Kind kind() {
        return kind;
    }

    /** The cause in a short stable name. */
    public String reason() {
        return reason;
    }

    /** What the read did before it failed: pages requested (the failed one included) and retries. */
    public FetchFacts facts() {
        return facts;
    }

    /** The same failure with what the read did attached. */
    public XpSourceException withFacts(FetchFacts facts) {
        return new XpSourceException(source, kind, reason, getMessage(), facts, getCause());
    }
}
