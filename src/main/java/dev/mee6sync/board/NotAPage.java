package dev.mee6sync.board;

/** The body is not a leaderboard page (HTML from a CDN, truncated JSON): transient, the page is asked again. */
public final class NotAPage extends RuntimeException {

    /** @param description what the body is instead: {@code an HTML or XML page instead of JSON} */
    public NotAPage(String description) {
        super(description, null, false, false);
    }
}
