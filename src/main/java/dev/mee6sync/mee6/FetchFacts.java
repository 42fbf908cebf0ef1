package dev.mee6sync.mee6;

/**
 * What one leaderboard fetch did, for the run's stats and metrics.
 *
 * @param pagesRequested   page requests that got an answer used by the fetch (retries not counted)
 * @param playersRead      players read across those pages
 * @param duplicatesDropped players seen again on a later page (the first, higher-ranked reading is kept)
 * @param retries          page requests repeated after a transient failure
 * @param durationMs       wall time of the fetch, delays and retries included
 */
public record FetchFacts(int pagesRequested, int playersRead, int duplicatesDropped, int retries, long durationMs) {

    public static final FetchFacts NONE = new FetchFacts(0, 0, 0, 0, 0);
}
