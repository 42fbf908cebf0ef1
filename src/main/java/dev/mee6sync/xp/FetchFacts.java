package dev.mee6sync.xp;

/**
 * What one read of a source did, for the run's stats and metrics.
 *
 * @param pagesRequested    pages requested, a failed one included (retries not counted)
 * @param duplicatesDropped players seen again on a later page (the first, higher-ranked reading is kept)
 * @param readToEnd         every page from 0 to the end of the board was read in this run
 */
public record FetchFacts(int pagesRequested, int playersRead, int duplicatesDropped, int retries, long durationMs,
        boolean readToEnd) {

    public static final FetchFacts NONE = new FetchFacts(0, 0, 0, 0, 0, false);

    /** Distinct players on the pages read: the board's size when {@link #readToEnd()}. */
    public int distinctPlayers() {
        return playersRead - duplicatesDropped;
    }
}
