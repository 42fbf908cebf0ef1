package dev.mee6sync.bench;

/**
 * The benchmark's leaderboard, as a formula: {@code 2N} players of which every second one (ranks 2, 4 ... 2N, counting
 * from 1) is one of the {@code N} linked members, so the last member sits on the last page and a fetch that stops at
 * the members must read the whole board, and not one page more (a full read also asks for the empty page after it).
 * XP falls by 1,000 per rank. From round to round each member's XP moves one way: in round 1 one in ten has lost 150 XP
 * since round 0 (a deduction of 1 point) and the others have gained 340 (an award of 3 points); each later round, up
 * to {@link #MAX_ROUND}, takes another 150 from the first and gives the others another 110 (an award of 1 point). So
 * each sync after the first writes one activity row and one point transaction per member, one member in ten loses
 * points (under the mass-change guard's share of 20%), and no member passes a neighbour: ranks never change. JDK
 * only: the sidecar process serves it, the benchmark checks against it.
 */
final class BenchBoard {

    /** Discord id of member {@code i} is {@code MEMBER_BASE_ID + i}. */
    static final long MEMBER_BASE_ID = 700_000_000_000_000_000L;
    static final long FILLER_BASE_ID = 600_000_000_000_000_000L;
    static final String GUILD_ID = "912345678901234567";

    private BenchBoard() {
    }

    static int players(int members) {
        return 2 * members;
    }

    static String memberDiscordId(int i) {
        return String.valueOf(MEMBER_BASE_ID + i);
    }

    /** 0-based rank of member {@code i}. */
    static int memberRank(int i) {
        return 2 * i + 1;
    }

    /** Pages a read that stops at the members needs: up to the page holding the last member. */
    static int pagesNeeded(int members, int pageSize) {
        return memberRank(members - 1) / pageSize + 1;
    }

    /** Pages a full read requests: to the end of the board, the empty (or short) last page included. */
    static int pagesToEnd(int members, int pageSize) {
        return players(members) / pageSize + 1;
    }

    static long baseXp(int rank, int players) {
        return 1_000L * (players - rank) + 5_000;
    }

    /** The last round whose XP keeps every member between its neighbours (at most 999 XP from round 0). */
    static final int MAX_ROUND = 6;

    /** How far member {@code i}'s XP is from round 0 in {@code round}. */
    static long xpChange(int i, int round) {
        if (round < 0 || round > MAX_ROUND) {
            throw new IllegalArgumentException("BenchBoard has rounds 0 to " + MAX_ROUND + ", not " + round);
        }
        if (round == 0) {
            return 0;
        }
        return i % 10 == 0 ? -150L * round : 340 + 110L * (round - 1);
    }

    static long memberXp(int i, int members, int round) {
        return baseXp(memberRank(i), players(members)) + xpChange(i, round);
    }

    /** The player at 0-based {@code rank}: its id and XP in {@code round}. */
    static String playerId(int rank) {
        return rank % 2 == 1 ? memberDiscordId((rank - 1) / 2) : String.valueOf(FILLER_BASE_ID + rank / 2);
    }

    static long playerXp(int rank, int members, int round) {
        return rank % 2 == 1 ? memberXp((rank - 1) / 2, members, round) : baseXp(rank, players(members));
    }
}
