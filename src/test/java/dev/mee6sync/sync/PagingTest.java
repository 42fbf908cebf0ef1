package dev.mee6sync.sync;

import static dev.mee6sync.sync.SyncLambdaTest.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.LedgerInvariants;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;
import dev.mee6sync.testing.MockEventServer;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Reading only the pages that matter (docs/ledger-rules.md, "Pages"): an hourly run stops once the board's XP is below
 * every unfound member's last reading; a full read (first syncs, daily, on request) reads to the end. A member not found
 * is "no reading", whatever the reason. On a board of 30 pages of 100 players (3,000), with the linked members near the
 * top.
 */
@QuarkusTest
class PagingTest {

    static final String GUILD = Mee6StandIn.GUILD_ID;
    static final long FIRST_PLAYER = 700_000_000_000_000_000L;
    static final int PLAYERS = 3_000;
    /** Linked members: players of ranks 10, 60, 120 and 250 (pages 0, 0, 1 and 2). */
    static final int[] RANKS = { 10, 60, 120, 250 };

    @Inject
    TestDatabase db;

    @Inject
    LedgerInvariants invariants;

    final Mee6StandIn mee6 = Mee6StandIn.get();
    final List<Long> members = new ArrayList<>();

    @BeforeEach
    void linkFourMembers() {
        db.reset();
        members.clear();
        for (int rank : RANKS) {
            members.add(db.insertMember(id(rank)));
        }
        serve(board(0));
        invoke(MockEventServer.scheduledEvent("2026-12-01T00:00:00Z")).statusCode(200)
                .body("mee6FullRead", equalTo(true))
                .body("mee6Pages", equalTo(31)) // 30 full pages and the empty one that ends the board
                .body("firstSyncs", equalTo(4));
    }

    @Test
    void anHourlyRunReadsDownToTheMembersFloorAndFullReadsReadTheWholeBoard() {
        List<Player> board = board(1);
        board.removeIf(player -> player.id().equals(id(250))); // the member of page 2 left: not found
        serve(board);
        invoke(MockEventServer.scheduledEvent("2026-12-01T01:00:00Z")).statusCode(200)
                .body("mee6FullRead", equalTo(false))
                .body("mee6Pages", equalTo(3)) // page 2 ends below the missing member's last reading
                .body("membersInMee6", equalTo(3))
                .body("membersNotInMee6", equalTo(1))
                .body("membersNotReached", equalTo(1))
                .body("pointsDeducted", equalTo(0));
        assertThat(mee6.pagesRequested(GUILD)).containsExactly(0, 1, 2);

        serve(board(2));
        invoke("{\"scheduledTime\": \"2026-12-01T02:00:00Z\", \"fullRead\": true}").statusCode(200)
                .body("mee6FullRead", equalTo(true)).body("mee6Pages", equalTo(31)).body("membersNotReached", equalTo(0));

        serve(board(3));
        invoke(MockEventServer.scheduledEvent("2026-12-02T01:00:00Z")).statusCode(200) // 23 h after the last full read
                .body("mee6FullRead", equalTo(false)).body("mee6Pages", equalTo(3));
        serve(board(4));
        invoke(MockEventServer.scheduledEvent("2026-12-02T02:00:00Z")).statusCode(200) // 24 h: a full read a day
                .body("mee6FullRead", equalTo(true)).body("mee6Pages", equalTo(31));
        assertSound();
    }

    /**
     * An admin removed most of a member's XP: it is now far below its floor, where an hourly read does not go. It is
     * "no reading" until the next full read, which deducts the removal once.
     */
    @Test
    void anXpRemovalBelowTheFloorIsNoReadingHourlyAndDeductedAtTheNextFullRead() {
        List<Player> board = board(1);
        board.replaceAll(p -> p.id().equals(id(10)) ? new Player(p.id(), 1_000) : p); // rank 10 falls to the bottom
        serve(board);
        invoke(MockEventServer.scheduledEvent("2026-12-01T01:00:00Z")).statusCode(200)
                .body("membersNotReached", equalTo(1))
                .body("pointsDeducted", equalTo(0));
        long fallen = members.get(0);
        assertThat(db.query("SELECT in_leaderboard, xp_delta FROM discord_activity WHERE member_id = ? "
                + "ORDER BY id DESC LIMIT 1", fallen)).containsExactly(java.util.Arrays.asList(false, null));

        invoke(MockEventServer.scheduledEvent("2026-12-02T02:00:00Z")).statusCode(200)
                .body("mee6FullRead", equalTo(true))
                .body("membersNotReached", equalTo(0));
        long before = xpAtRank(10, 0);
        assertThat(db.queryLong("SELECT total_points FROM member WHERE id = ?", fallen))
                .as("%d XP removed: deducted once", before - 1_000).isEqualTo(-((before - 1_000) / 100));
        assertSound();
    }

    /** Between two page requests a member moved up across the boundary: no page held it. It is no reading, no more. */
    @Test
    void aMemberSkippedByAPageShiftIsNoReading() {
        List<Player> board = board(1);
        Player moved = board.stream().filter(p -> p.id().equals(id(120))).findFirst().orElseThrow();
        board.remove(moved);
        serve(board); // page 1 was read before it moved, page 0 after: it is on neither
        invoke(MockEventServer.scheduledEvent("2026-12-01T01:00:00Z")).statusCode(200)
                .body("membersNotInMee6", equalTo(1)).body("pointsAwarded", equalTo(0)).body("pointsDeducted",
                        equalTo(0));
        serve(board(2));
        invoke(MockEventServer.scheduledEvent("2026-12-01T02:00:00Z")).statusCode(200)
                .body("membersNotInMee6", equalTo(0));
        assertThat(db.query("SELECT xp_delta FROM discord_activity WHERE member_id = ? ORDER BY id DESC LIMIT 1",
                members.get(2))).as("paid from its last reading, two hours of gains")
                .containsExactly(List.of(2L * 30));
        assertSound();
    }

    // --- helpers -----------------------------------------------------------------------------------------------------

    /** The board after {@code hours}: every player gains 30 XP an hour; ranks stay the same. */
    static List<Player> board(int hours) {
        List<Player> players = new ArrayList<>(PLAYERS);
        for (int rank = 0; rank < PLAYERS; rank++) {
            players.add(new Player(id(rank), xpAtRank(rank, hours)));
        }
        return players;
    }

    static long xpAtRank(int rank, int hours) {
        return 1_000_000 - 300L * rank + 30L * hours;
    }

    static String id(int rank) {
        return String.valueOf(FIRST_PLAYER + rank);
    }

    void serve(List<Player> board) {
        mee6.reset();
        mee6.serveBoard(GUILD, board, 100);
    }

    void assertSound() {
        assertThat(invariants.violations()).isEmpty();
    }
}
