package dev.mee6sync.sync;

import java.time.Duration;

import dev.mee6sync.persistence.BoardState;
import dev.mee6sync.xp.Paging;
import dev.mee6sync.xp.XpRequest;

/**
 * The rolling sweep (docs/ledger-rules.md, "Which pages a run reads"): every run reads the next slice of the board past
 * a cursor, so that the runs of one {@code MEE6_FULL_READ_EVERY} cover the whole board, one page overlapping the last
 * slice against rank shifts.
 */
final class Sweep {

    private Sweep() {
    }

    /** Runs a sweep is spread over: one an hour, the schedule's pace. */
    static int runsPer(Duration fullReadEvery) {
        return (int) Math.max(1, fullReadEvery.toHours());
    }

    /**
     * This run's slice: ceil(pages of the last complete sweep / runs per sweep) pages, plus the page before the
     * cursor. Before any sweep completed, the board's size is unknown: the slice is the per-run page bound spread over
     * the runs.
     */
    static XpRequest.Slice slice(BoardState.Snapshot board, int runs, Paging paging) {
        int boardPages = board.sweepBoardPages() != null ? board.sweepBoardPages() : paging.maxPagesPerRun();
        int pages = (int) Math.ceil(boardPages / (double) runs);
        int cursor = board.sweepCursor();
        return cursor == 0 ? new XpRequest.Slice(0, pages + 1) : new XpRequest.Slice(cursor - 1, pages + 1);
    }
}
