package dev.mee6sync.board;

/** The messages only a source can word: its refusals and what its page bound means. */
public interface BoardMessages {

    /**
     * A permanent refusal: 401, 403, 404 or another 4xx except 429.
     *
     * @param page the page as the source numbers it
     */
    Refusal refused(int status, int page);

    /** A page's size as messages name it: {@code MEE6_PAGE_SIZE=1000 players}, {@code 100 players}. */
    String pageSize();

    /** Added to the message of a board that did not end within the page bound; empty or {@code "; ..."}. */
    default String tooManyPagesHint() {
        return "";
    }
}
