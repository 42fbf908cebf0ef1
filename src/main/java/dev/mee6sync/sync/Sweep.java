package dev.mee6sync.sync;

import java.time.Duration;

import dev.mee6sync.persistence.BoardState;
import dev.mee6sync.xp.Paging;
import dev.mee6sync.xp.XpRequest;

/** The rolling sweep: each run's slice past the cursor (docs/ledger-rules.md, "4. Which pages a run reads"). */
final class Sweep {

    private Sweep() {
    }

    /** Runs a sweep is spread over: one an hour, the schedule's pace. */
    static int runsPer(Duration fullReadEvery) {
        return (int) Math.max(1, fullReadEvery.toHours());
    }

    /** This run's slice: ceil(pages of the last complete sweep, else the page bound, / runs) plus one page. */
    static XpRequest.Slice slice(BoardState.Snapshot board, int runs, Paging paging) {
        int boardPages = board.sweepBoardPages() != null ? board.sweepBoardPages() : paging.maxPagesPerRun();
        int pages = (int) Math.ceil(boardPages / (double) runs);
        // from the page before the cursor: a rank shift across it moves no one past the sweep unseen
        return new XpRequest.Slice(Math.max(0, board.sweepCursor() - 1), pages + 1);
    }
}
