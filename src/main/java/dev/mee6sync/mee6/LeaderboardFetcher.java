package dev.mee6sync.mee6;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.mee6sync.xp.BoardFacts;
import dev.mee6sync.xp.FetchFacts;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;
import dev.mee6sync.xp.XpSourceException;
import dev.mee6sync.xp.XpSourceException.Kind;

/**
 * Pages through a guild's MEE6 leaderboard and picks out the requested accounts. A plain object built from a
 * {@link Mee6Config}, so tests can run it with any settings; {@link Mee6XpSource} is its CDI face.
 * <p>
 * Pages go from 0 with {@code limit = mee6.page-size}, {@code mee6.page-delay} apart. The fetch stops:
 * <ul>
 * <li>at the end of the board (an empty page, or one shorter than the limit): the only stop of a full read
 * ({@link XpRequest#fullRead()}), and the only one that sets {@link FetchFacts#readToEnd()};</li>
 * <li>otherwise, as soon as every requested account with a {@code floorXp} was found; accounts without one are not
 * looked for outside full reads (they are still picked up from the pages read), so with none to look for no request
 * is made at all;</li>
 * <li>otherwise, after a page whose lowest XP is strictly below the lowest {@code floorXp} of the accounts not yet
 * found: XP only falls through an admin's removal, so none of them is further down;</li>
 * <li>with a failure at {@code mee6.max-pages}, or when the request's deadline leaves no room for the next page or
 * retry.</li>
 * </ul>
 * All or nothing: any failure throws one {@link XpSourceException} (with what the fetch did attached) and nothing
 * read so far is returned.
 */
public final class LeaderboardFetcher {

    private static final Logger LOG = Logger.getLogger(LeaderboardFetcher.class);

    private final Mee6Config config;
    private final Mee6Http http;
    private final LeaderboardParser parser;
    private final Duration fullReadEvery;

    /**
     * @param defaultUserAgent the {@code User-Agent} when {@code mee6.user-agent} is not set
     */
    public LeaderboardFetcher(Mee6Config config, String defaultUserAgent) {
        this(config, defaultUserAgent, null);
    }

    /**
     * @param fullReadEvery the sync's {@code MEE6_FULL_READ_EVERY}, shown in the deadline message; {@code null}: not
     *                      known here
     */
    LeaderboardFetcher(Mee6Config config, String defaultUserAgent, Duration fullReadEvery) {
        this.config = config;
        this.http = new Mee6Http(config, config.userAgent().orElse(defaultUserAgent));
        this.parser = new LeaderboardParser(config.maxPlausibleXp());
        this.fullReadEvery = fullReadEvery;
    }

    /** Reads with the token of the configuration ({@code mee6.auth-token}), if any. */
    public XpSnapshot fetch(XpRequest request) {
        return fetch(request, config.authToken());
    }

    /**
     * @param token the MEE6 web token for a private leaderboard (sent as {@code Authorization}), or empty; in Lambda it
     *              comes from Secrets Manager at each invocation
     */
    public XpSnapshot fetch(XpRequest request, Optional<String> token) {
        String guildId = config.guildId().filter(id -> !id.isBlank()).orElseThrow(() -> new XpSourceException(
                PageReader.SOURCE, Kind.PERMANENT,
                "MEE6_GUILD_ID is not set: the MEE6 client does not know whose leaderboard to read", null, null));
        Progress progress = new Progress(request);
        if (!request.fullRead() && progress.allFound() && request.slice() == null) {
            LOG.debugf("MEE6 leaderboard of guild %s not read: no requested member to look for outside a full read "
                    + "(%d requested, none with an XP floor)", guildId, progress.wanted.size());
            return new XpSnapshot(Map.of(), FetchFacts.NONE, BoardFacts.NONE);
        }
        FetchClock clock = new FetchClock(request.deadline());
        String stop;
        try {
            PageReader reader = new PageReader(config, http, guildId, parser, token, clock);
            stop = readPages(reader, guildId, request.fullRead(), clock, progress);
            if (!request.fullRead() && request.slice() != null) {
                stop += "; " + readSlice(reader, guildId, request.slice(), clock, progress);
            }
        } catch (XpSourceException e) {
            // what the failed fetch did (pages, retries) still goes into the run's stats and metrics
            throw new XpSourceException(e.source(), e.kind(), e.getMessage(), progress.facts(clock), e.getCause());
        }
        FetchFacts facts = progress.facts(clock);
        LOG.infof("MEE6 leaderboard of guild %s read: %d pages, %d players, %d/%d requested members found, "
                + "%d duplicates dropped, %d retries, %d ms; %s", guildId, facts.pagesRequested(), facts.playersRead(),
                progress.found.size(), progress.wanted.size(), facts.duplicatesDropped(), facts.retries(),
                facts.durationMs(), stop);
        return new XpSnapshot(progress.found, facts, progress.board());
    }

    /**
     * The sweep's slice, after the floor region: ends early, without failing, at the end of the board, at
     * {@code MEE6_MAX_PAGES} pages in the run, or when the deadline leaves no time for the next page.
     */
    private String readSlice(PageReader reader, String guildId, XpRequest.Slice slice, FetchClock clock,
            Progress progress) {
        int first = Math.max(slice.firstPage(), progress.nextPage);
        int end = slice.firstPage() + slice.pages();
        boolean fromZero = first == progress.nextPage; // the floor region and the slice read every page from 0
        progress.sliceFirst = first;
        progress.sliceNext = Math.max(first, end);
        if (progress.endPage != null) {
            progress.sliceNext = progress.endPage + 1;
            return "slice: the floor region reached the end of the board";
        }
        for (int page = first; page < end; page++) {
            long delayMs = config.pageDelay().toMillis();
            if (progress.pages >= config.maxPages() || !clock.fits(delayMs)) {
                progress.sliceNext = page;
                return "slice ended at page " + page + " (MEE6_MAX_PAGES or the deadline)";
            }
            if (delayMs > 0) {
                pause(page, delayMs);
            }
            PageReader.PageResult result;
            try {
                result = reader.read(page);
            } catch (PageReader.DeadlineReached e) {
                progress.addFailed(reader.lastAttempts());
                progress.sliceNext = page;
                return "slice ended at page " + page + " before the deadline";
            } catch (XpSourceException e) {
                progress.addFailed(reader.lastAttempts());
                throw e;
            }
            progress.add(page, result, config.pageSize());
            progress.slicePages++;
            if (page == first) {
                progress.sliceTopXp = result.players().stream().mapToLong(LeaderboardPage.Player::xp).max().orElse(0);
            }
            if (result.players().size() < config.pageSize()) {
                progress.sliceNext = page + 1;
                progress.readToEnd = fromZero;
                return "slice reached the end of the board at page " + page;
            }
        }
        return "slice read pages " + first + " to " + (end - 1);
    }

    /** Reads until a stop rule says so; returns how it stopped, for the log line. */
    private String readPages(PageReader reader, String guildId, boolean fullRead, FetchClock clock, Progress progress) {
        for (int page = 0;; page++) {
            long delayMs = page > 0 ? config.pageDelay().toMillis() : 0;
            if (!clock.fits(delayMs)) {
                throw deadlineReached(guildId, clock, progress, null, page);
            }
            if (delayMs > 0) {
                pause(page, delayMs);
            }
            PageReader.PageResult result;
            try {
                result = reader.read(page);
            } catch (PageReader.DeadlineReached e) {
                progress.addFailed(reader.lastAttempts());
                throw deadlineReached(guildId, clock, progress, e.getMessage(), e.page);
            } catch (XpSourceException e) {
                progress.addFailed(reader.lastAttempts());
                throw e;
            }
            progress.add(page, result, config.pageSize());
            progress.nextPage = page + 1;
            LOG.debugf("MEE6 page %d of guild %s: %d players, %d attempt(s); %d/%d requested members found so far",
                    page, guildId, result.players().size(), result.attempts(), progress.found.size(),
                    progress.wanted.size());
            if (result.players().size() < config.pageSize()) {
                progress.readToEnd = true; // an empty or short page is the end of the board
                return fullRead ? "full read, to the end of the board" : "end of the board";
            }
            if (!fullRead) {
                if (progress.allFound()) {
                    return "every requested member found"; // the rest of the board is not needed
                }
                long lowest = lowestXp(result.players());
                if (lowest < progress.lowestUnfoundFloor()) {
                    return "stopped at the XP floor (page " + page + " ends at " + lowest + " XP, below the "
                            + progress.lowestUnfoundFloor() + " XP of the highest floor not found)";
                }
            }
            if (page + 1 >= config.maxPages()) {
                throw maxPagesReached(guildId, progress);
            }
        }
    }

    private static long lowestXp(List<LeaderboardPage.Player> players) {
        long lowest = Long.MAX_VALUE;
        for (LeaderboardPage.Player player : players) {
            lowest = Math.min(lowest, player.xp());
        }
        return lowest;
    }

    private void pause(int page, long delayMs) {
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XpSourceException(PageReader.SOURCE, Kind.TRANSIENT, "MEE6 leaderboard fetch interrupted before "
                    + "page " + page, null, e);
        }
    }

    private XpSourceException deadlineReached(String guildId, FetchClock clock, Progress progress, String lastFailure,
            int page) {
        double seconds = clock.elapsedNanos() / 1e9;
        int pages = progress.pagesRead;
        String rate = pages == 0 ? "no page read yet"
                : Math.round(pages * 60 / Math.max(seconds, 0.001)) + " pages a minute";
        String retrying = lastFailure == null ? ""
                : " (page " + page + " was failing: " + lastFailure + ")";
        String fullReads = fullReadEvery == null ? "MEE6_FULL_READ_EVERY"
                : "MEE6_FULL_READ_EVERY=" + Durations.human(fullReadEvery);
        return new XpSourceException(PageReader.SOURCE, Kind.TRANSIENT, "MEE6 leaderboard of guild " + guildId
                + ": stopped before the run's deadline after " + pages + (pages == 1 ? " page" : " pages") + " in "
                + String.format(Locale.ROOT, "%.1f s", seconds) + " (" + rate + "); the rest of the board cannot be "
                + "read in time" + retrying + ". Nothing was synced. Lower MEE6_PAGE_DELAY (now "
                + Durations.human(config.pageDelay()) + "), read the whole board less often (" + fullReads
                + "), or give the function a longer timeout", progress.facts(clock), null);
    }

    private XpSourceException maxPagesReached(String guildId, Progress progress) {
        return new XpSourceException(PageReader.SOURCE, Kind.PERMANENT, "MEE6 leaderboard of guild " + guildId
                + " did not end within MEE6_MAX_PAGES=" + config.maxPages() + " pages of MEE6_PAGE_SIZE="
                + config.pageSize() + " players (" + progress.players + " players read, " + progress.found.size() + "/"
                + progress.wanted.size() + " requested members found, " + progress.duplicates + " duplicates). Nothing "
                + "was synced. If the board is really that long, raise MEE6_MAX_PAGES; many duplicates mean MEE6 is "
                + "ignoring the page number", null, null);
    }

    /** What the pages read so far gave. The first reading of an id wins: it is the higher-ranked one. */
    private static final class Progress {
        /** Each requested id and its floor (the lowest, when an id is asked twice; null: none). */
        final Map<String, Long> wanted = new LinkedHashMap<>();
        /** The ids with a floor, lowest floor first: those a non-full read looks for. */
        final List<String> byFloor;
        final Map<String, Long> found = new HashMap<>();
        final Set<String> seen = new HashSet<>();
        int lookedForFound;
        int nextUnfound;
        int pages;
        int pagesRead;
        int players;
        int duplicates;
        int retries;
        boolean readToEnd;

        Progress(XpRequest request) {
            for (XpRequest.Account account : request.accounts()) {
                wanted.merge(account.id(), account.floorXp() == null ? Long.MAX_VALUE : account.floorXp(), Math::min);
            }
            wanted.replaceAll((id, floor) -> floor == Long.MAX_VALUE ? null : floor);
            byFloor = new ArrayList<>();
            wanted.forEach((id, floor) -> {
                if (floor != null) {
                    byFloor.add(id);
                }
            });
            byFloor.sort(Comparator.comparingLong(wanted::get));
        }

        /** Every account a non-full read looks for (those with a floor) was found. */
        boolean allFound() {
            return lookedForFound == byFloor.size();
        }

        /** The lowest floor of the accounts with one not found yet; only when {@link #allFound()} is false. */
        long lowestUnfoundFloor() {
            while (found.containsKey(byFloor.get(nextUnfound))) {
                nextUnfound++;
            }
            return wanted.get(byFloor.get(nextUnfound));
        }

        FetchFacts facts(FetchClock clock) {
            return new FetchFacts(pages, players, duplicates, retries, clock.elapsedNanos() / 1_000_000, readToEnd);
        }

        /** A page that could not be read counts as requested, with the retries spent on it. */
        void addFailed(int attempts) {
            pages++;
            retries += Math.max(0, attempts - 1);
        }

        /** The 10th-highest XP of page 0, or its highest when shorter: one player leaving does not move it much. */
        static final int TOP_RANK = 10;
        Long topXp;
        Integer endPage;
        Integer boardPlayers;
        /** An empty page read out of sequence: the board ends at or before it, where is not known. */
        Integer endBefore;
        int lastFullPage = -1;
        /** The page after the floor region's last page. */
        int nextPage;
        Integer sliceFirst;
        int sliceNext;
        int slicePages;
        long sliceTopXp;

        BoardFacts board() {
            BoardFacts.SliceFacts slice = sliceFirst == null ? null
                    : new BoardFacts.SliceFacts(sliceFirst, slicePages, sliceNext,
                            endPage != null || endBefore != null, sliceTopXp);
            return new BoardFacts(topXp, endPage, boardPlayers, slice, null);
        }

        void add(int page, PageReader.PageResult result, int pageSize) {
            if (page == 0) {
                List<Long> xp = result.players().stream().map(LeaderboardPage.Player::xp)
                        .sorted(Comparator.reverseOrder()).toList();
                topXp = xp.isEmpty() ? 0L : xp.get(Math.min(TOP_RANK, xp.size()) - 1);
            }
            if (result.players().size() < pageSize) {
                // the board's size is known when its last page holds players, or the page before it was read full
                if (!result.players().isEmpty() || page == 0 || lastFullPage == page - 1) {
                    endPage = page;
                    boardPlayers = page * pageSize + result.players().size();
                } else {
                    endBefore = page;
                }
            } else {
                lastFullPage = page;
            }
            pages++;
            pagesRead++;
            retries += result.attempts() - 1;
            for (LeaderboardPage.Player player : result.players()) {
                players++;
                if (!seen.add(player.id())) {
                    duplicates++;
                } else if (wanted.containsKey(player.id())) {
                    found.put(player.id(), player.xp());
                    if (wanted.get(player.id()) != null) {
                        lookedForFound++;
                    }
                }
            }
        }
    }
}
