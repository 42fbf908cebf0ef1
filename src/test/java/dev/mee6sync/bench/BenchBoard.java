package dev.mee6sync.bench;

/**
 * The benchmark's leaderboard, as a formula: {@code 2N} players of which every second one (ranks 2, 4 ... 2N, counting
 * from 1) is one of the {@code N} linked members, so the last member sits on the last page and a fetch must read the
 * whole board, and not one page more. XP falls by 1,000 per rank; in every odd round each member's XP moves (one in ten
 * loses 150 XP, a deduction; the others gain 340, an award) and in every even round it moves back, so each sync
 * after the first writes one activity row and one point transaction per member, and ranks never change. JDK only: the
 * sidecar process serves it, the benchmark checks against it.
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

    /** Pages a fetch needs: up to the page holding the last member. */
    static int pagesNeeded(int members, int pageSize) {
        return memberRank(members - 1) / pageSize + 1;
    }

    static long baseXp(int rank, int players) {
        return 1_000L * (players - rank) + 5_000;
    }

    static long xpChange(int i, int round) {
        if (round % 2 == 0) {
            return 0;
        }
        return i % 10 == 0 ? -150 : 340;
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
