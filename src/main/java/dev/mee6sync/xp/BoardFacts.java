package dev.mee6sync.xp;

/**
 * What the board showed in one read, beyond the requested accounts: for the mass-change guard, the rolling sweep and
 * the plausibility bound (docs/ledger-rules.md).
 *
 * @param topXp        the 10th-highest XP of page 0, or its highest when it holds fewer than 10 players; 0 for an
 *                     empty board; null when page 0 was not read. One player leaving does not move it much
 * @param endPage      the 0-based index of the page that ends the board (empty or short), when the read reached it
 * @param players      the players on the board, when the read reached its end
 * @param slice        what the sweep's slice read; null when the request had none
 * @param maxXpPerHour the most XP a member can gain in an hour by the board's published XP rate; null when the board
 *                     does not publish all it takes
 */
public record BoardFacts(Long topXp, Integer endPage, Integer players, SliceFacts slice, Long maxXpPerHour) {

    public static final BoardFacts NONE = new BoardFacts(null, null, null, null, null);

    public boolean reachedEnd() {
        return endPage != null;
    }

    /**
     * What the slice read.
     *
     * @param firstPage  its first page read (0-based)
     * @param pagesRead  pages it requested, those shared with the floor region not counted
     * @param nextPage   the page after its last page read: where the sweep goes on next run
     * @param reachedEnd it read the page that ends the board, or found the board ends before it: the sweep is over
     * @param topXp      when it read to the end: the highest XP of the pages read without a gap down to the end (a
     *                   member missed there held less, or was off the board); else of its first page (0: none)
     */
    public record SliceFacts(int firstPage, int pagesRead, int nextPage, boolean reachedEnd, long topXp) {
    }
}
