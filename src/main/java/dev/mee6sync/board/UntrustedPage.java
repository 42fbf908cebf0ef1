package dev.mee6sync.board;

/**
 * A page that is not the one asked for (another guild, another page, a gap in the ranks): permanent, since points
 * read from it would be someone else's.
 */
public final class UntrustedPage extends RuntimeException {

    private final String reason;

    /**
     * @param reason  the stable cause: {@code wrong-guild}, {@code wrong-page}, {@code rank-gap}
     * @param message the whole message for operators, the setting to check included
     */
    public UntrustedPage(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
