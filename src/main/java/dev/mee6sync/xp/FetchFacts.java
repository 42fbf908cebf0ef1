package dev.mee6sync.xp;

/**
 * What one read of a source did, for the run's stats, metrics and the mass-change guard.
 *
 * @param pagesRequested    page requests that got an answer used by the read (retries not counted; a page that
 *                          failed counts)
 * @param playersRead       players read across those pages, duplicates included
 * @param duplicatesDropped players seen again on a later page (the first, higher-ranked reading is kept)
 * @param retries           page requests repeated after a transient failure
 * @param durationMs        wall time of the read, delays and retries included
 * @param readToEnd         the read reached the end of the board; false when it stopped early (every account found,
 *                          or no unfound account can be further down)
 */
public record FetchFacts(int pagesRequested, int playersRead, int duplicatesDropped, int retries, long durationMs,
        boolean readToEnd) {

    public static final FetchFacts NONE = new FetchFacts(0, 0, 0, 0, 0, false);

    /** Distinct players on the pages read: the board's size when {@link #readToEnd()}. */
    public int distinctPlayers() {
        return playersRead - duplicatesDropped;
    }
}
