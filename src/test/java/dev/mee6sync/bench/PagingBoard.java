package dev.mee6sync.bench;

import java.util.Arrays;
import java.util.Random;

/**
 * The paging benchmark's leaderboard (issue 12): {@value #PLAYERS} players, {@value #MEMBERS} of them linked members
 * spread at random (a fixed seed) over the top {@value #TOP} ranks, and {@value #ABSENT} more linked members who are
 * never on the board. It moves hour by hour: at hour {@code h} player {@code p} (its rank at hour 0) has
 * {@code 50 × (PLAYERS − p) + 2,000} XP plus 5 to 34 XP a hour (its own rate), so neighbours 50 XP apart keep their
 * order for the first hour and drift past each other by a few ranks over a day; from hour 1 on, {@value #MOVERS}
 * members have gained 3,000 XP at once (about 60 ranks up) and the player just below {@value #MOVERS} other members
 * 200 XP (the member one rank down). The board of an hour is served sorted by XP, as MEE6 serves it. JDK only: the
 * sidecar serves it ({@link BenchSidecar}), the benchmark reads its facts from there.
 */
final class PagingBoard {

    static final int PLAYERS = 100_000;
    static final int MEMBERS = 1_000;
    static final int TOP = 20_000;
    static final int ABSENT = 10;
    static final int MOVERS = 5;

    /** Initial rank of member {@code j} (sorted: member 0 ranks highest). */
    private static final int[] MEMBER_RANKS = memberRanks();
    /** Member of each initial rank, or -1. */
    private static final int[] MEMBER_AT = memberAt();

    private final int hour;
    /** Player (initial rank) at each rank of this hour's board. */
    private final int[] order;
    private final long[] xp;

    private PagingBoard(int hour) {
        this.hour = hour;
        this.xp = new long[PLAYERS];
        Integer[] players = new Integer[PLAYERS];
        for (int p = 0; p < PLAYERS; p++) {
            xp[p] = xp(p, hour);
            players[p] = p;
        }
        Arrays.sort(players, (a, b) -> xp[a] != xp[b] ? Long.compare(xp[b], xp[a]) : Integer.compare(a, b));
        this.order = new int[PLAYERS];
        for (int rank = 0; rank < PLAYERS; rank++) {
            order[rank] = players[rank];
        }
    }

    static PagingBoard at(int hour) {
        if (hour < 0) {
            throw new IllegalArgumentException("hour " + hour);
        }
        return new PagingBoard(hour);
    }

    int hour() {
        return hour;
    }

    /** Discord id of member {@code j}: {@code 0..MEMBERS-1} on the board, {@code MEMBERS..MEMBERS+ABSENT-1} never. */
    static String memberDiscordId(int j) {
        return String.valueOf(BenchBoard.MEMBER_BASE_ID + j);
    }

    static int linkedMembers() {
        return MEMBERS + ABSENT;
    }

    private static String playerId(int p) {
        int member = MEMBER_AT[p];
        return member >= 0 ? memberDiscordId(member) : String.valueOf(BenchBoard.FILLER_BASE_ID + p);
    }

    private static long xp(int p, int hour) {
        long rate = 5 + Math.floorMod(p * 2_654_435_761L, 30);
        long xp = 50L * (PLAYERS - p) + 2_000 + rate * hour;
        if (hour >= 1) {
            int member = MEMBER_AT[p];
            if (member >= 0 && member % 200 == 17) {
                xp += 3_000; // members 17, 217 ... 817: a burst of activity, about 60 ranks up
            }
            if (p > 0 && MEMBER_AT[p - 1] >= 0 && MEMBER_AT[p - 1] % 200 == 101) {
                xp += 200; // the player below members 101, 301 ... 901 passes them
            }
        }
        return xp;
    }

    /** One page's players, in rank order: their ids and XP. */
    record Page(String[] ids, long[] xp) {
    }

    /** The page's players; empty past the end. */
    Page page(int page, int limit) {
        int from = (int) Math.min((long) page * limit, PLAYERS);
        int to = Math.min(from + limit, PLAYERS);
        String[] ids = new String[to - from];
        long[] xps = new long[to - from];
        for (int rank = from; rank < to; rank++) {
            int p = order[rank];
            ids[rank - from] = playerId(p);
            xps[rank - from] = xp[p];
        }
        return new Page(ids, xps);
    }

    /** The rank (0-based) of the lowest-ranked member on this hour's board. */
    int lowestMemberRank() {
        for (int rank = PLAYERS - 1; rank >= 0; rank--) {
            if (MEMBER_AT[order[rank]] >= 0) {
                return rank;
            }
        }
        throw new IllegalStateException("no member on the board");
    }

    /** The fewest pages that hold every member on the board: down to the lowest-ranked one. */
    int minimumPages(int pageSize) {
        return lowestMemberRank() / pageSize + 1;
    }

    /** Pages of a full read: to the end, the empty or short last page included. */
    static int fullReadPages(int pageSize) {
        return PLAYERS / pageSize + 1;
    }

    /** Sum of the members' XP this hour: what the activity rows of a sync of this hour add up to. */
    long memberXpSum() {
        long sum = 0;
        for (int rank : MEMBER_RANKS) {
            sum += xp[rank];
        }
        return sum;
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
        int[] at = new int[PLAYERS];
        Arrays.fill(at, -1);
        for (int j = 0; j < MEMBERS; j++) {
            at[MEMBER_RANKS[j]] = j;
        }
        return at;
    }
}
