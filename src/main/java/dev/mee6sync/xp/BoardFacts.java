package dev.mee6sync.xp;

/**
 * What the board showed in one read, beyond the requested accounts: for the mass-change guard, the rolling sweep and
 * the plausibility bound. Each field: docs/board-reader.md, "What a read reports".
 */
public record BoardFacts(Long topXp, Integer endPage, Integer players, SliceFacts slice, Long maxXpPerHour) {

    public static final BoardFacts NONE = new BoardFacts(null, null, null, null, null);

    public boolean reachedEnd() {
        return endPage != null;
    }

    /** What the sweep's slice read. */
    public record SliceFacts(int firstPage, int pagesRead, int nextPage, boolean reachedEnd, long topXp) {
    }
}
