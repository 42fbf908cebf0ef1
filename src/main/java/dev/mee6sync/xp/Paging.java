package dev.mee6sync.xp;

import java.time.Duration;

/**
 * How a source pages its board.
 *
 * @param pageSize       players a page holds (a shorter page ends the board)
 * @param maxPagesPerRun the most pages one run may request ({@code MEE6_MAX_PAGES}): a bound on a run, not on the board
 * @param pageDelay      the pause between two page requests
 */
public record Paging(int pageSize, int maxPagesPerRun, Duration pageDelay) {
}
