package dev.mee6sync.sync;

import static dev.mee6sync.sync.SyncLambdaTest.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.LedgerInvariants;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;
import dev.mee6sync.testing.MockEventServer;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The pages a run reads (docs/ledger-rules.md, "Which pages a run reads"): page 0 down to the members' XP floor, plus
 * the rolling sweep's next slice. On a board of 30 pages of 100 players (3,000) with a sweep of 4 hourly runs
 * ({@code MEE6_FULL_READ_EVERY=4h}): slices of ceil(31 / 4) = 8 pages and the one before the cursor.
 */
@QuarkusTest
@TestProfile(SweepTest.SweepOfFourRuns.class)
class SweepTest {

    static final String GUILD = Mee6StandIn.GUILD_ID;
    static final long FIRST_PLAYER = 700_000_000_000_000_000L;
    static final int PLAYERS = 3_000;
    /** Linked members: players of ranks 10, 60, 120 and 250 (pages 0, 0, 1 and 2). */
    static final int[] RANKS = { 10, 60, 120, 250 };

    public static class SweepOfFourRuns implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mee6.full-read-every", "4h");
        }
    }

    @Inject
    TestDatabase db;

    @Inject
    LedgerInvariants invariants;

    final Mee6StandIn mee6 = Mee6StandIn.get();
    final List<Long> members = new ArrayList<>();

    /** The first sync: no sweep completed yet, so its slice is the per-run page bound over 4 runs: the whole board. */
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
                .body("sweepProgress", equalTo("31/31"))
                .body("sweepCompletedAt", notNullValue())
                .body("firstSyncs", equalTo(4));
    }

    @Test
    void eachPageIsReadOncePerSweepBesidesTheFloorRegionAndOneOverlapPage() {
        List<List<Integer>> pages = new ArrayList<>();
        String[] progress = { "9/31", "17/31", "25/31", "31/31" };
        for (int hour = 1; hour <= 4; hour++) {
            serve(board(hour));
            invoke(tick(hour)).statusCode(200)
                    .body("mee6FullRead", equalTo(false))
                    .body("membersInMee6", equalTo(4))
                    .body("pointsAwarded", equalTo(hour < 4 ? 0 : 4)) // 30 XP an hour: 1 point each at 120
                    .body("sweepProgress", equalTo(progress[hour - 1]));
            pages.add(mee6.pagesRequested(GUILD));
        }
        // the floor region (pages 0 to 2, where the members are) every run; the slices 3-8, 8-16, 16-24, 24-30
        assertThat(pages.get(0)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(pages.get(1)).containsExactly(0, 1, 2, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        assertThat(pages.get(2)).containsExactly(0, 1, 2, 16, 17, 18, 19, 20, 21, 22, 23, 24);
        assertThat(pages.get(3)).containsExactly(0, 1, 2, 24, 25, 26, 27, 28, 29, 30);
        TreeSet<Integer> all = new TreeSet<>();
        pages.forEach(all::addAll);
        assertThat(all).as("the sweep covered the board").hasSize(31).first().isEqualTo(0);
        assertThat(db.queryLong("SELECT sweep_cursor FROM board_state")).as("a new sweep starts").isZero();
        assertSound();
    }

    /** An admin removed most of a member's XP: below the floor, it is no reading until its slice comes. */
    @Test
    void anXpRemovalBelowTheFloorIsDeductedWhenItsSliceComes() {
        long fallen = members.get(0);
        long before = xpAtRank(10, 0);
        for (int hour = 1; hour <= 4; hour++) {
            List<Player> board = board(hour);
            board.replaceAll(p -> p.id().equals(id(10)) ? new Player(p.id(), 1_000) : p); // to the bottom: page 30
            serve(board);
            invoke(tick(hour)).statusCode(200)
                    .body("pointsDeducted", equalTo(hour < 4 ? 0 : (int) ((before - 1_000) / 100)))
                    .body("membersNotReached", equalTo(hour < 4 ? 1 : 0));
        }
        assertThat(db.balance(fallen)).as("%d XP removed: deducted once", before - 1_000)
                .isEqualTo(-((before - 1_000) / 100));
        assertThat(db.query("SELECT in_leaderboard, xp_total FROM discord_activity WHERE member_id = ? "
                + "ORDER BY id DESC LIMIT 1", fallen)).containsExactly(List.of(true, 1_000L));
        assertSound();
    }

    /** A member never on the board (absence rows only, no floor) is found by the slice that reads its page. */
    @Test
    void aMemberNeverOnTheBoardIsFoundWhenItAppears() {
        String newcomer = "600000000000000001";
        long member = db.insertMember(newcomer);
        serve(board(1));
        invoke(tick(1)).statusCode(200).body("firstSyncs", equalTo(1)).body("membersNotInMee6", equalTo(1));
        for (int hour = 2; hour <= 3; hour++) {
            List<Player> board = board(hour);
            board.add(new Player(newcomer, xpAtRank(1_500, hour) + 5)); // it joined: rank 1,500, page 15
            serve(board);
            invoke(tick(hour)).statusCode(200).body("membersInMee6", equalTo(5)); // then by its floor
        }
        // run 2's slice (pages 8-16) found it: its lifetime XP is a baseline, not paid
        assertThat(db.query("SELECT sync_id, xp_delta FROM discord_activity WHERE member_id = ? AND in_leaderboard "
                + "ORDER BY id", member)).containsExactly(java.util.Arrays.asList(syncId(2), null),
                        List.of(syncId(3), 30L));
        assertThat(db.balance(member)).isZero();
        assertSound();
    }

    /**
     * A member read twice in one run (on page 2, then again further down once the pages shifted under the read):
     * the first, higher-ranked reading counts, once; nothing is deducted.
     */
    @Test
    void aRankShiftAcrossTheCursorNeitherPaysTwiceNorDeducts() {
        long member = members.get(3); // rank 250, page 2
        serve(board(1));
        List<Player> shifted = board(1);
        shifted.set(850, new Player(id(250), xpAtRank(250, 1) - 400)); // the same player again on page 8, lower
        mee6.reset();
        for (int page = 0; page <= 30; page++) {
            List<Player> rows = page == 8 ? shifted.subList(800, 900) : board(1).subList(page * 100,
                    Math.min(PLAYERS, page * 100 + 100));
            mee6.servePage(GUILD, page, Mee6StandIn.okJson(Mee6StandIn.pageJson(GUILD, page, rows)));
        }
        invoke(tick(1)).statusCode(200).body("mee6Duplicates", equalTo(1)).body("pointsDeducted", equalTo(0));
        assertThat(db.query("SELECT xp_total, xp_delta FROM discord_activity WHERE member_id = ? ORDER BY id DESC "
                + "LIMIT 1", member)).containsExactly(List.of(xpAtRank(250, 1), 30L));
        assertThat(db.queryLong("SELECT count(*) FROM point_transaction WHERE member_id = ?", member)).isZero();
        assertSound();
    }

    @Test
    void aFailedRunLeavesTheCursorWhereItWas() {
        serve(board(1));
        invoke(tick(1)).statusCode(200).body("sweepProgress", equalTo("9/31"));
        serve(board(2));
        mee6.servePage(GUILD, 12, Mee6StandIn.fixture(404, "error-404-unknown-guild.json"));
        invoke(tick(2)).statusCode(500);
        assertThat(db.queryLong("SELECT sweep_cursor FROM board_state")).isEqualTo(9);
        assertThat(db.queryLong("SELECT count(*) FROM discord_activity WHERE sync_id = ?", syncId(2))).isZero();

        serve(board(3));
        invoke(tick(3)).statusCode(200).body("sweepProgress", equalTo("17/31"));
        assertThat(mee6.pagesRequested(GUILD)).contains(8, 9, 12, 16).doesNotContain(17);
        assertSound();
    }

    /** The guard's references move only when a sweep completes; a slice that finds the board shrunk is refused. */
    @Test
    void theGuardsReferencesComeFromCompleteSweeps() {
        assertThat(db.query("SELECT reference_players, reference_top_xp FROM board_state"))
                .containsExactly(List.of(PLAYERS, xpAtRank(9, 0)));
        serve(board(1));
        invoke(tick(1)).statusCode(200).body("sweepProgress", equalTo("9/31"));

        serve(board(2).subList(0, 1_200)); // the board now ends at page 12: the slice (8-16) reads its end
        invoke(tick(2)).statusCode(500)
                .body("errorMessage", containsString("the board holds 1200 players, fewer than half of the 3000"));
        for (int hour = 3; hour <= 4; hour++) {
            serve(board(hour));
            invoke(tick(hour)).statusCode(200);
        }
        assertThat(db.query("SELECT reference_players, reference_top_xp FROM board_state"))
                .as("set by complete sweeps only").containsExactly(List.of(PLAYERS, xpAtRank(9, 0)));
        serve(board(5));
        invoke(tick(5)).statusCode(200).body("sweepProgress", equalTo("31/31"));
        assertThat(db.query("SELECT reference_players, reference_top_xp FROM board_state"))
                .containsExactly(List.of(PLAYERS, xpAtRank(9, 5)));
        assertSound();
    }

    /** A board that shrank above the cursor: the slice's first page is past the end, so the sweep starts over. */
    @Test
    void aSliceThatStartsPastTheEndStartsTheSweepOver() {
        serve(board(1));
        invoke(tick(1)).statusCode(200);
        serve(board(2));
        invoke(tick(2)).statusCode(200).body("sweepProgress", equalTo("17/31"));
        serve(board(3).subList(0, 1_600)); // ends at page 16: the slice (16-24) reads only its end, an empty page
        invoke(tick(3)).statusCode(200).body("sweepProgress", equalTo("0/31"));
        assertThat(db.query("SELECT reference_players, sweep_cursor FROM board_state"))
                .as("its size is unknown: no reference from it").containsExactly(List.of(PLAYERS, 0));
        assertSound();
    }

    // --- helpers -----------------------------------------------------------------------------------------------------

    static org.hamcrest.Matcher<String> containsString(String text) {
        return org.hamcrest.Matchers.containsString(text);
    }

    static String tick(int hour) {
        return MockEventServer.scheduledEvent(syncTime(hour));
    }

    static String syncId(int hour) {
        return "scheduled-" + syncTime(hour);
    }

    static String syncTime(int hour) {
        return String.format("2026-12-01T%02d:00:00Z", hour);
    }

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
