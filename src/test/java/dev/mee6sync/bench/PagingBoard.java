package dev.mee6sync.bench;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;

/**
 * The paging benchmark's leaderboard (issues 12 and 21): {@code players} players (100,000 to millions),
 * {@value #MEMBERS} of them linked members spread at random (a fixed seed) over the top {@value #TOP} ranks, and
 * {@value #ABSENT} more
 * linked members who are never on the board. It moves hour by hour: at hour {@code h} player {@code p} (its rank at
 * hour 0) has {@code 50 × (players − p) + 2,000} XP plus 5 to 34 XP a hour (its own rate), so neighbours 50 XP apart
 * keep their order for the first hour and drift past each other by a few ranks a day; from hour 1 on, {@value #MOVERS}
 * members have gained 3,000 XP at once (about 60 ranks up) and the player just below {@value #MOVERS} other members
 * 200 XP (the member one rank down). Served sorted by XP, as the sources serve it.
 * <p>
 * Nothing is held per player: a player's XP is a formula, and since no player moves more than {@link #window} ranks
 * from {@code p}, a page is the sort of its ranks widened by twice that window, so a board of 5,000,000 players costs
 * what one page costs. JDK only: the sidecar serves it ({@link BenchSidecar}), the benchmark reads its facts there.
 */
final class PagingBoard {

    static final int MEMBERS = 1_000;
    static final int TOP = 20_000;
    static final int ABSENT = 10;
    static final int MOVERS = 5;
    /** Players packed with their XP into one sortable long: up to 2^24 players. */
    private static final int INDEX_BITS = 24;
    /** The most XP a player gains on top of its rate (the burst, and being the one who passes a member). */
    private static final int MAX_BOOST = 3_000 + 200;
    /** Rates differ by at most this much XP an hour. */
    private static final int RATE_SPREAD = 29;

    /** Initial rank of member {@code j} (sorted: member 0 ranks highest). */
    private static final int[] MEMBER_RANKS = memberRanks();
    /** Member at each initial rank of the top {@value #TOP}, or -1. */
    private static final int[] MEMBER_AT = memberAt();

    private final int players;
    private final int hour;
    /** No player is more than this many ranks from its initial rank, nor passes one further away. */
    private final int window;

    private PagingBoard(int players, int hour) {
        this.players = players;
        this.hour = hour;
        // q > p is above p only if 50 (q - p) < 29 h + 3,200
        this.window = (RATE_SPREAD * hour + MAX_BOOST) / 50 + 2;
    }

    static PagingBoard of(int players, int hour) {
        if (hour < 0 || players < TOP || players >= 1 << INDEX_BITS) {
            throw new IllegalArgumentException("players " + players + ", hour " + hour);
        }
        return new PagingBoard(players, hour);
    }

    int hour() {
        return hour;
    }

    int players() {
        return players;
    }

    /** Discord id of member {@code j}: {@code 0..MEMBERS-1} on the board, {@code MEMBERS..MEMBERS+ABSENT-1} never. */
    static String memberDiscordId(int j) {
        return String.valueOf(BenchBoard.MEMBER_BASE_ID + j);
    }

    static int linkedMembers() {
        return MEMBERS + ABSENT;
    }

    private static String playerId(int p) {
        int member = p < TOP ? MEMBER_AT[p] : -1;
        return member >= 0 ? memberDiscordId(member) : String.valueOf(BenchBoard.FILLER_BASE_ID + p);
    }

    long xp(int p) {
        long rate = 5 + Math.floorMod(p * 2_654_435_761L, 30);
        long xp = 50L * (players - p) + 2_000 + rate * hour;
        if (hour >= 1) {
            if (p < TOP && MEMBER_AT[p] >= 0 && MEMBER_AT[p] % 200 == 17) {
                xp += 3_000; // members 17, 217 ... 817: a burst of activity, about 60 ranks up
            }
            if (p > 0 && p - 1 < TOP && MEMBER_AT[p - 1] >= 0 && MEMBER_AT[p - 1] % 200 == 101) {
                xp += 200; // the player below members 101, 301 ... 901 passes them
            }
        }
        return xp;
    }

    /** Sort key: highest XP first, then the lower initial rank (as a stable sort of the initial order would). */
    private long key(int p) {
        return ((1L << 31) - xp(p)) << INDEX_BITS | p;
    }

    /** One page's players, in rank order: their ids and XP. */
    record Page(String[] ids, long[] xp) {
    }

    /**
     * The page's players; empty past the end. Every player of ranks {@code from..to-1} has an initial rank within
     * {@link #window} of them, and the rank of each such player is its place in the sort of the initial ranks
     * {@code from - 2 window .. to + 2 window} (everyone above it is in there or above all of them).
     */
    Page page(int page, int limit) {
        int from = (int) Math.min((long) page * limit, players);
        int to = Math.min(from + limit, players);
        if (from == to) {
            return new Page(new String[0], new long[0]);
        }
        int lo = Math.max(0, from - 2 * window);
        int hi = Math.min(players, to + 2 * window);
        long[] keys = new long[hi - lo];
        for (int p = lo; p < hi; p++) {
            keys[p - lo] = key(p);
        }
        Arrays.sort(keys);
        String[] ids = new String[to - from];
        long[] xps = new long[to - from];
        long mask = (1L << INDEX_BITS) - 1;
        for (int rank = from; rank < to; rank++) {
            int p = (int) (keys[rank - lo] & mask);
            if (p < from - window || p >= to + window) {
                throw new IllegalStateException("player " + p + " at rank " + rank + ": the window is too narrow");
            }
            ids[rank - from] = playerId(p);
            xps[rank - from] = xp(p);
        }
        return new Page(ids, xps);
    }

    /** The rank (0-based) of the player of initial rank {@code p} on this hour's board. */
    int rankOf(int p) {
        long own = key(p);
        int rank = Math.max(0, p - window);
        for (int q = Math.max(0, p - window); q <= Math.min(players - 1, p + window); q++) {
            if (q != p && key(q) < own) {
                rank++;
            }
        }
        return rank;
    }

    /** The rank (0-based) of the lowest-ranked member on this hour's board. */
    int lowestMemberRank() {
        int lowest = 0;
        for (int p : MEMBER_RANKS) {
            lowest = Math.max(lowest, rankOf(p));
        }
        return lowest;
    }

    /** The fewest pages that hold every member on the board: down to the lowest-ranked one. */
    int minimumPages(int pageSize) {
        return lowestMemberRank() / pageSize + 1;
    }

    /** Pages of a full read: to the end, the empty or short last page included. */
    int fullReadPages(int pageSize) {
        return players / pageSize + 1;
    }

    /** The members on the given pages (0-based) of this hour's board and the sum of their XP: what a run found. */
    long[] membersOn(BitSet pages, int pageSize) {
        long count = 0;
        long xpSum = 0;
        for (int p : MEMBER_RANKS) {
            if (pages.get(rankOf(p) / pageSize)) {
                count++;
                xpSum += xp(p);
            }
        }
        return new long[] { count, xpSum };
    }

    private static int[] memberRanks() {
        Random random = new Random(12);
        boolean[] taken = new boolean[TOP];
        int[] ranks = new int[MEMBERS];
        for (int j = 0; j < MEMBERS;) {
            int rank = random.nextInt(TOP);
            if (!taken[rank]) {
                taken[rank] = true;
                ranks[j++] = rank;
            }
        }
        Arrays.sort(ranks);
        return ranks;
    }

    private static int[] memberAt() {
        int[] at = new int[TOP];
        Arrays.fill(at, -1);
        for (int j = 0; j < MEMBERS; j++) {
            at[MEMBER_RANKS[j]] = j;
        }
        return at;
    }
}
