package dev.mee6sync.board;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.mee6sync.text.Durations;
import dev.mee6sync.xp.BoardFacts;
import dev.mee6sync.xp.FetchFacts;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;
import dev.mee6sync.xp.XpSourceException;
import dev.mee6sync.xp.XpSourceException.Kind;

/**
 * Pages a JSON leaderboard and picks out the requested accounts (floor region, sweep slice or full read), all or
 * nothing except that the slice may end early; the rules are in docs/board-reader.md. One instance per source.
 */
public final class BoardReader {

    private static final Logger LOG = Logger.getLogger(BoardReader.class);
    /** {@link BoardFacts#topXp()} is the XP of this rank on page 0: one player leaving does not move it much. */
    private static final int TOP_RANK = 10;

    private final ReaderSettings settings;
    private final BoardHttp http;

    public BoardReader(ReaderSettings settings, String userAgent) {
        this.settings = settings;
        this.http = new BoardHttp(settings, userAgent);
    }

    /**
     * {@code mee6-sync/1.0.0}: a descriptive agent (some are blocked without one); operators add their contact URL
     * through {@code MEE6_USER_AGENT} or {@code LURKR_USER_AGENT}.
     */
    public static String defaultUserAgent(String version) {
        return "mee6-sync/" + version;
    }

    /**
     * The XP of the requested accounts on the pages read, and what the board showed.
     *
     * @throws XpSourceException when the pages the request needs could not be read (what was done is attached)
     */
    public XpSnapshot read(XpRequest request, Board board) {
        Progress progress = new Progress(request, settings.pageSize());
        XpRequest.Slice slice = request.fullRead() ? null : request.slice();
        // a run with a slice reads page 0 whatever the floors: the mass-change guard's top XP is there
        if (!request.fullRead() && slice == null && progress.allFound()) {
            LOG.debugf("%s leaderboard of guild %s not read: no requested member to look for outside a full read "
                    + "(%d requested, none with an XP floor)", board.name(), board.guildId(), progress.wanted.size());
            return new XpSnapshot(Map.of(), FetchFacts.NONE, BoardFacts.NONE);
        }
        FetchClock clock = new FetchClock(request.deadline());
        Run run = new Run(board, new PageFetch(settings, http, board, clock), clock, progress);
        String stop;
        String sliceStop = null;
        try {
            stop = run.floorRegion(request.fullRead());
            if (slice != null) {
                sliceStop = run.slice(slice);
            }
        } catch (XpSourceException e) {
            // what the failed read did (pages, retries) still goes into the run's stats and metrics
            throw e.withFacts(progress.facts(clock));
        }
        FetchFacts facts = progress.facts(clock);
        BoardFacts boardFacts = progress.board(slice);
        LOG.infof("%s leaderboard of guild %s read: %d pages, %d players, %d/%d requested members found, "
                + "%d duplicates dropped, %d retries, %d ms; %s%s", board.name(), board.guildId(),
                facts.pagesRequested(), facts.playersRead(), progress.found.size(), progress.wanted.size(),
                facts.duplicatesDropped(), facts.retries(), facts.durationMs(), stop,
                sliceStop == null ? "" : sliceText(board, slice, boardFacts.slice(), sliceStop));
        return new XpSnapshot(progress.found, facts, boardFacts);
    }

    private static String sliceText(Board board, XpRequest.Slice slice, BoardFacts.SliceFacts facts, String stop) {
        return "; slice of " + slice.pages() + " pages from page " + board.shownPage(slice.firstPage()) + ": "
                + facts.pagesRead() + " read, ended at " + stop + ", next page " + board.shownPage(facts.nextPage());
    }

    /** One read: the pages in order, the waits between them, and how each part stops. */
    private final class Run {
        private final Board board;
        private final PageFetch pages;
        private final FetchClock clock;
        private final Progress progress;

        Run(Board board, PageFetch pages, FetchClock clock, Progress progress) {
            this.board = board;
            this.pages = pages;
            this.clock = clock;
            this.progress = progress;
        }

        /** Page 0 onward until a stop rule says so; returns how it stopped, for the log line. */
        String floorRegion(boolean fullRead) {
            for (int page = 0;; page++) {
                long delayMs = delayBeforeNext();
                if (!clock.fits(delayMs)) {
                    throw deadlineReached(null, page);
                }
                pause(page, delayMs);
                Page result;
                try {
                    result = fetch(page);
                } catch (PageFetch.DeadlineReached e) {
                    throw deadlineReached(e.getMessage(), e.page);
                }
                if (result.players().size() < settings.pageSize()) {
                    return fullRead ? "full read, to the end of the board" : "end of the board";
                }
                if (!fullRead) {
                    if (progress.allFound()) {
                        return "every requested member found"; // the rest of the board is not needed
                    }
                    long lowest = lowestXp(result.players());
                    if (lowest < progress.lowestUnfoundFloor()) {
                        return "stopped at the XP floor (page " + board.shownPage(page) + " ends at " + lowest
                                + " XP, below the " + progress.lowestUnfoundFloor()
                                + " XP of the highest floor not found)";
                    }
                }
                if (page + 1 >= settings.maxPages()) {
                    throw maxPagesReached();
                }
            }
        }

        /** The slice's pages not read yet (docs/board-reader.md, "Which pages a read requests"). */
        String slice(XpRequest.Slice slice) {
            int end = slice.firstPage() + slice.pages();
            int start = Math.max(slice.firstPage(), progress.highestPage + 1); // pages the floor region read
            for (int page = start; page < end; page++) {
                if (progress.endPage != null || progress.endBefore != null) {
                    return "the end of the board";
                }
                if (progress.pages >= settings.maxPages()) {
                    return settings.variable("MAX_PAGES") + "=" + settings.maxPages();
                }
                long delayMs = delayBeforeNext();
                if (!clock.fits(delayMs)) {
                    return "the run's deadline";
                }
                pause(page, delayMs);
                Page result;
                try {
                    result = fetch(page);
                } catch (PageFetch.DeadlineReached e) {
                    return "the run's deadline (page " + board.shownPage(page) + " was failing: " + e.getMessage()
                            + ")";
                }
                progress.slicePages++; // a page the deadline cut is not read: the sweep goes on from it
                if (result.players().size() < settings.pageSize()) {
                    return "the end of the board";
                }
            }
            return progress.endPage != null ? "the end of the board" : "its last page";
        }

        private Page fetch(int page) {
            PageFetch.Result result;
            try {
                result = pages.read(page);
            } catch (PageFetch.DeadlineReached | XpSourceException e) {
                progress.addFailed(pages.lastAttempts());
                throw e;
            }
            progress.add(page, result);
            LOG.debugf("%s: %d players, %d attempt(s); %d/%d requested members found so far", pages.label(page),
                    result.page().players().size(), result.attempts(), progress.found.size(),
                    progress.wanted.size());
            return result.page();
        }

        /** No wait before the read's first request; then the page delay, or longer when the rate limit asks. */
        private long delayBeforeNext() {
            if (progress.pages == 0) {
                return 0;
            }
            long pauseMs = (pages.pauseLeftNanos() + 999_999) / 1_000_000;
            return Math.max(settings.pageDelay().toMillis(), pauseMs);
        }

        private void pause(int page, long delayMs) {
            if (delayMs <= 0) {
                return;
            }
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new XpSourceException(board.name(), Kind.TRANSIENT, "interrupted", board.name()
                        + " leaderboard fetch interrupted before page " + board.shownPage(page), null, e);
            }
        }

        private XpSourceException deadlineReached(String lastFailure, int page) {
            double seconds = clock.elapsedNanos() / 1e9;
            int read = progress.pagesRead;
            String rate = read == 0 ? "no page read yet"
                    : Math.round(read * 60 / Math.max(seconds, 0.001)) + " pages a minute";
            String retrying = lastFailure == null ? ""
                    : " (page " + board.shownPage(page) + " was failing: " + lastFailure + ")";
            String fullReads = settings.fullReadEvery() == null ? "MEE6_FULL_READ_EVERY"
                    : "MEE6_FULL_READ_EVERY=" + Durations.human(settings.fullReadEvery());
            return new XpSourceException(board.name(), Kind.TRANSIENT, "deadline", board.name()
                    + " leaderboard of guild " + board.guildId() + ": stopped before the run's deadline after " + read
                    + (read == 1 ? " page" : " pages") + " in " + String.format(Locale.ROOT, "%.1f s", seconds)
                    + " (" + rate + "); the rest of the board cannot be read in time" + retrying + ". Nothing was "
                    + "synced. Lower " + settings.variable("PAGE_DELAY") + " (now "
                    + Durations.human(settings.pageDelay()) + "), read the whole board less often (" + fullReads
                    + "), or give the function a longer timeout", progress.facts(clock), null);
        }

        private XpSourceException maxPagesReached() {
            BoardMessages messages = board.messages();
            return new XpSourceException(board.name(), Kind.PERMANENT, "too-many-pages", board.name()
                    + " leaderboard of guild " + board.guildId() + " did not end within "
                    + settings.variable("MAX_PAGES") + "=" + settings.maxPages() + " pages of " + messages.pageSize()
                    + " (" + progress.players + " players read, " + progress.found.size() + "/"
                    + progress.wanted.size() + " requested members found, " + progress.duplicates + " duplicates). "
                    + "Nothing was synced. If the board is really that long, raise " + settings.variable("MAX_PAGES")
                    + messages.tooManyPagesHint(), null, null);
        }
    }

    private static long lowestXp(List<Page.Player> players) {
        long lowest = Long.MAX_VALUE;
        for (Page.Player player : players) {
            lowest = Math.min(lowest, player.xp());
        }
        return lowest;
    }

    /** What the pages read so far gave. The first reading of an id wins: it is the higher-ranked one. */
    private static final class Progress {
        /** Each requested id and its floor (the lowest, when an id is asked twice; null: none). */
        final Map<String, Long> wanted = new LinkedHashMap<>();
        /** The ids with a floor, lowest floor first: those a non-full read looks for. */
        final List<String> byFloor = new ArrayList<>();
        final Map<String, Long> found = new HashMap<>();
        final Set<String> seen = new HashSet<>();
        final int pageSize;
        /** The pages read, and the highest XP on each. */
        final BitSet read = new BitSet();
        final Map<Integer, Long> highestXp = new HashMap<>();
        int highestPage = -1;
        int lookedForFound;
        int nextUnfound;
        int pages;
        int pagesRead;
        int slicePages;
        int players;
        int duplicates;
        int retries;
        Long topXp;
        Integer endPage;
        Integer boardPlayers;
        /** An empty page read after a gap: the board ends at or before it, where is not known. */
        Integer endBefore;
        Long maxXpPerHour;

        Progress(XpRequest request, int pageSize) {
            this.pageSize = pageSize;
            for (XpRequest.Account account : request.accounts()) {
                wanted.merge(account.id(), account.floorXp() == null ? Long.MAX_VALUE : account.floorXp(), Math::min);
            }
            wanted.replaceAll((id, floor) -> floor == Long.MAX_VALUE ? null : floor);
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

        /** Pages 0 to the end of the board were all read in this run. */
        boolean readToEnd() {
            return endPage != null && read.nextClearBit(0) > endPage;
        }

        FetchFacts facts(FetchClock clock) {
            return new FetchFacts(pages, players, duplicates, retries, clock.elapsedNanos() / 1_000_000, readToEnd());
        }

        /** A page that could not be read counts as requested, with the retries spent on it. */
        void addFailed(int attempts) {
            pages++;
            retries += Math.max(0, attempts - 1);
        }

        void add(int page, PageFetch.Result result) {
            List<Page.Player> rows = result.page().players();
            if (page == 0) {
                List<Long> xp = rows.stream().map(Page.Player::xp).sorted(Comparator.reverseOrder()).toList();
                topXp = xp.isEmpty() ? 0L : xp.size() < TOP_RANK ? xp.get(0) : xp.get(TOP_RANK - 1);
            }
            if (rows.size() < pageSize) {
                // the board's size is known when its last page holds players, or the page before it was read
                if (!rows.isEmpty() || page == 0 || read.get(page - 1)) {
                    endPage = page;
                    boardPlayers = page * pageSize + rows.size();
                } else {
                    endBefore = page;
                }
            }
            if (maxXpPerHour == null) {
                maxXpPerHour = result.page().maxXpPerHour();
            }
            read.set(page);
            highestPage = Math.max(highestPage, page);
            highestXp.put(page, rows.isEmpty() ? 0L : rows.stream().mapToLong(Page.Player::xp).max().orElse(0));
            pages++;
            pagesRead++;
            retries += result.attempts() - 1;
            for (Page.Player player : rows) {
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

        BoardFacts board(XpRequest.Slice slice) {
            return new BoardFacts(topXp, endPage, boardPlayers, slice == null ? null : slice(slice), maxXpPerHour);
        }

        /** The slice as the sweep goes on from it (docs/board-reader.md, "What a read reports"). */
        private BoardFacts.SliceFacts slice(XpRequest.Slice slice) {
            int first = slice.firstPage();
            int next = read.nextClearBit(first);
            boolean reachedEnd = endPage != null && (endPage < first || next > endPage) || endBefore != null;
            int top = first;
            if (endPage != null && next > endPage) {
                // the top of the pages read without a gap down to the end: what a miss proves (docs/board-reader.md)
                top = read.previousClearBit(endPage) + 1;
            }
            long topXp = read.get(top) ? highestXp.get(top) : 0L;
            return new BoardFacts.SliceFacts(first, slicePages, next, reachedEnd, topXp);
        }
    }
}
