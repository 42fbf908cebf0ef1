package dev.mee6sync.sync;

import static dev.mee6sync.sync.SyncLambdaTest.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.LedgerInvariants;
import dev.mee6sync.testing.LogCapture;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;
import dev.mee6sync.testing.MockEventServer;
import dev.mee6sync.testing.SentryStandIn;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A reading counts only against a reading of the same account, guild and epoch (docs/ledger-rules.md, "Provenance"),
 * a first reading only when MEE6 could have awarded it, and a linked member needs a real Discord id. Each case as an
 * operator or a community admin meets it, through the Lambda event API; the ledger's invariants after each.
 */
@QuarkusTest
class ProvenanceTest {

    static final String GUILD = Mee6StandIn.GUILD_ID;
    static final String ALICE = "401234567890123456";
    static final String BOB = "387654321098765432";
    static final String CAROL = "1234567890123456789";
    static final String DAVE = "298765432109876543";
    static final String ERIN = "312345678901234567";

    @Inject
    TestDatabase db;

    @Inject
    LedgerInvariants invariants;

    final Mee6StandIn mee6 = Mee6StandIn.get();

    @BeforeEach
    void reset() {
        db.reset();
        mee6.reset();
        SentryStandIn.reset();
    }

    /**
     * Alice at 1,000,500 XP is re-linked to Bob's account at 5,000 XP. Before provenance the delta was taken against
     * Alice's last reading: -995,500 XP, -9,955 points. Now the reading is a baseline, and Bob's later gains are paid.
     */
    @Test
    void aReLinkedMemberStartsOverFromTheNewAccountsReading() {
        long member = db.insertMember(ALICE);
        board(Map.of(ALICE, 1_000_000L, BOB, 5_000L));
        invoke("{\"syncId\": \"as-alice\"}").statusCode(200);
        board(Map.of(ALICE, 1_000_500L, BOB, 5_000L));
        invoke("{\"syncId\": \"alice-chats\"}").statusCode(200).body("pointsAwarded", equalTo(5));

        db.execute("UPDATE member SET discord_id = ? WHERE id = ?", BOB, member);
        try (LogCapture log = LogCapture.start()) {
            invoke("{\"syncId\": \"as-bob\"}").statusCode(200)
                    .body("status", equalTo("COMPLETED"))
                    .body("provenanceBaselines", equalTo(1))
                    .body("pointsDeducted", equalTo(0))
                    .body("pointsAwarded", equalTo(0))
                    .body("mee6FullRead", equalTo(true));
            assertThat(log.text()).contains("re-linked to another Discord account");
        }
        board(Map.of(ALICE, 1_000_500L, BOB, 5_250L));
        invoke("{\"syncId\": \"bob-chats\"}").statusCode(200).body("pointsAwarded", equalTo(2));

        assertThat(activity(member)).containsExactly(
                row(1_000_000L, null, 0, ALICE, "as-alice"), row(1_000_500L, 500L, 0, ALICE, "alice-chats"),
                row(5_000L, null, 0, BOB, "as-bob"), row(5_250L, 250L, 50, BOB, "bob-chats"));
        assertThat(db.balance(member)).isEqualTo(7);
        assertSound();
    }

    @Test
    void twoMembersSwappingTheirIdsBothStartOver() {
        long a = db.insertMember(ALICE);
        long b = db.insertMember(BOB);
        board(Map.of(ALICE, 10_000L, BOB, 50_000L));
        invoke("{\"syncId\": \"before-swap\"}").statusCode(200);

        db.execute("UPDATE member SET discord_id = NULL WHERE id = ?", a); // discord_id is unique: swap in steps
        db.execute("UPDATE member SET discord_id = ? WHERE id = ?", ALICE, b);
        db.execute("UPDATE member SET discord_id = ? WHERE id = ?", BOB, a);
        board(Map.of(ALICE, 10_100L, BOB, 50_100L));
        invoke("{\"syncId\": \"after-swap\"}").statusCode(200)
                .body("provenanceBaselines", equalTo(2))
                .body("pointsAwarded", equalTo(0))
                .body("pointsDeducted", equalTo(0));
        board(Map.of(ALICE, 10_300L, BOB, 50_400L));
        invoke("{\"syncId\": \"later\"}").statusCode(200).body("pointsAwarded", equalTo(5));

        assertThat(db.balance(a)).as("now Bob's account: +300").isEqualTo(3);
        assertThat(db.balance(b)).as("now Alice's account: +200").isEqualTo(2);
        assertSound();
    }

    @Test
    void unlinkingThenLinkingAnotherAccountStartsOver() {
        long member = db.insertMember(ALICE);
        board(Map.of(ALICE, 80_000L, CAROL, 700L));
        invoke("{\"syncId\": \"linked\"}").statusCode(200);
        db.execute("UPDATE member SET discord_id = NULL WHERE id = ?", member);
        invoke("{\"syncId\": \"unlinked\"}").statusCode(200).body("totalMembers", equalTo(0));
        db.execute("UPDATE member SET discord_id = ? WHERE id = ?", CAROL, member);
        board(Map.of(ALICE, 80_000L, CAROL, 900L));
        invoke("{\"syncId\": \"relinked\"}").statusCode(200).body("provenanceBaselines", equalTo(1))
                .body("pointsDeducted", equalTo(0));

        assertThat(activity(member)).containsExactly(row(80_000L, null, 0, ALICE, "linked"),
                row(900L, null, 0, CAROL, "relinked"));
        assertSound();
    }

    /**
     * Members whose history holds only absence rows: a first reading within MEE6_MAX_XP_PER_HOUR (3,000) x the hours
     * since their first row is paid from 0 (they chatted since linking), beyond it it is a baseline (a mistyped id
     * now fixed, a hidden member, a page-boundary skip: 500,000 XP would have paid 5,000 points).
     */
    @Test
    void aFirstReadingIsPaidFromZeroOnlyWhenMee6CouldHaveAwardedIt() {
        long carol = db.insertMember(CAROL);
        long dave = db.insertMember(DAVE);
        long erin = db.insertMember(ERIN);
        board(Map.of(ALICE, 1L));
        invoke(MockEventServer.scheduledEvent("2026-12-01T10:00:00Z")).statusCode(200).body("firstSyncs", equalTo(3));
        invoke("{\"scheduledTime\": \"2026-12-01T11:00:00Z\", \"fullRead\": true}").statusCode(200)
                .body("membersNotInMee6", equalTo(3));

        // an hour after the full read that missed them (docs/ledger-rules.md, "A first reading must be plausible"):
        // at most 3,000 XP can be new
        board(Map.of(CAROL, 500_000L, DAVE, 3_000L, ERIN, 3_001L));
        invoke("{\"scheduledTime\": \"2026-12-01T12:00:00Z\", \"fullRead\": true}").statusCode(200)
                .body("implausibleFirstReadings", equalTo(2))
                .body("pointsAwarded", equalTo(30));

        assertThat(db.balance(carol)).as("500,000 XP from nowhere: a baseline").isZero();
        assertThat(db.balance(dave)).as("3,000 XP in the hour since a full read missed him: paid from 0")
                .isEqualTo(30);
        assertThat(db.balance(erin)).isZero();
        assertThat(last(carol)).isEqualTo(row(500_000L, null, 0, CAROL, "scheduled-2026-12-01T12:00:00Z"));
        assertThat(last(dave)).isEqualTo(row(3_000L, 3_000L, 0, DAVE, "scheduled-2026-12-01T12:00:00Z"));

        board(Map.of(CAROL, 500_300L, DAVE, 3_100L, ERIN, 3_101L));
        invoke(MockEventServer.scheduledEvent("2026-12-01T13:00:00Z")).statusCode(200).body("pointsAwarded",
                equalTo(5));
        assertSound();
    }

    /**
     * A member linked while off the board (it left the server): every run's read misses it. It rejoins five days later
     * with 200,000 XP of before: counting from its first row (120 h: 360,000) it would be paid +2,000; the read an
     * hour before proved it off the board, so it is a baseline.
     */
    @Test
    void aMemberWhoRejoinsAfterDaysWithItsOldXpIsABaseline() {
        long erin = db.insertMember(ERIN);
        board(Map.of(ALICE, 1_000L));
        Instant first = Instant.parse("2026-11-20T00:00:00Z");
        for (int hour = 0; hour < 120; hour += 12) {
            invoke(MockEventServer.scheduledEvent(first.plusSeconds(3_600L * hour).toString())).statusCode(200)
                    .body("membersNotInMee6", equalTo(1));
        }
        invoke(MockEventServer.scheduledEvent(first.plusSeconds(3_600L * 119).toString())).statusCode(200);
        board(Map.of(ALICE, 1_000L, ERIN, 200_000L));
        invoke(MockEventServer.scheduledEvent(first.plusSeconds(3_600L * 120).toString())).statusCode(200)
                .body("implausibleFirstReadings", equalTo(1))
                .body("pointsAwarded", equalTo(0));
        assertThat(db.balance(erin)).isZero();
        assertSound();
    }

    @Test
    void membersWithAnInvalidDiscordIdAreReportedAndNeverSynced() {
        long valid = db.insertMember(ALICE);
        List<Long> invalid = new ArrayList<>();
        for (String id : List.of("12345", ALICE.substring(0, 17) + "7 ", "40123456789012345a", "123456789012345678901",
                "")) {
            invalid.add(db.insertMember(id));
        }
        board(Map.of(ALICE, 1_000L, "12345", 900L));
        try (LogCapture log = LogCapture.start()) {
            invoke("{\"syncId\": \"with-invalid\"}").statusCode(200)
                    .body("status", equalTo("COMPLETED"))
                    .body("totalMembers", equalTo(6))
                    .body("invalidMembers", equalTo(5))
                    .body("membersInMee6", equalTo(1))
                    .body("membersNotInMee6", equalTo(0));
            List<String> warnings = log.lines().stream().filter(l -> l.contains("is not a Discord id")).toList();
            assertThat(warnings).singleElement().asString().startsWith("WARN").contains(invalid.toString());
        }
        for (long member : invalid) {
            assertThat(activity(member)).as("member %d", member).isEmpty();
        }

        db.execute("UPDATE member SET discord_id = ? WHERE id = ?", BOB, invalid.get(0));
        board(Map.of(ALICE, 1_200L, BOB, 70_000L));
        invoke("{\"syncId\": \"corrected\"}").statusCode(200).body("invalidMembers", equalTo(4))
                .body("firstSyncs", equalTo(1));
        assertThat(activity(invalid.get(0))).containsExactly(row(70_000L, null, 0, BOB, "corrected"));
        assertThat(db.balance(valid)).isEqualTo(2);
        assertSound();
    }

    @Test
    void aMemberWhoLeftAndCameBackKeepsItsProvenanceAndIsPaidFromItsLastReading() {
        long member = db.insertMember(ALICE);
        board(Map.of(ALICE, 31_000L));
        invoke("{\"syncId\": \"present\"}").statusCode(200);
        board(Map.of(BOB, 1L));
        invoke("{\"syncId\": \"away\"}").statusCode(200).body("provenanceBaselines", equalTo(0));
        board(Map.of(ALICE, 31_180L));
        invoke("{\"syncId\": \"back\"}").statusCode(200).body("pointsAwarded", equalTo(1))
                .body("implausibleFirstReadings", equalTo(0));
        assertThat(db.query("SELECT observed_xp, "
                + "provenance_since = (SELECT min(provenance_since) FROM discord_activity) "
                + "FROM discord_activity WHERE member_id = ? ORDER BY id", member))
                .containsExactly(List.of(31_000L, true), List.of(31_000L, true), List.of(31_180L, true));
        assertSound();
    }

    @Test
    void aPageOfAnotherGuildIsRefusedAndNothingIsWritten() {
        db.insertMember(ALICE);
        String other = "111111111111111111";
        mee6.servePage(GUILD, 0,
                Mee6StandIn.okJson(Mee6StandIn.pageJson(other, 0, List.of(new Player(ALICE, 9_000L)))));
        invoke("{\"syncId\": \"other-guild\"}").statusCode(500)
                .body("errorMessage", containsString("MEE6 fetch failed (permanent)"))
                .body("errorMessage", containsString(other))
                .body("errorMessage", containsString(GUILD));
        assertThat(mee6.requests(GUILD)).as("not retried").hasSize(1);
        assertThat(db.queryLong("SELECT count(*) FROM discord_activity")).isZero();
    }

    @Test
    void aPageThatIsNotThePageAskedForIsRefused() {
        db.insertMember(ALICE);
        mee6.servePage(GUILD, 0,
                Mee6StandIn.okJson(Mee6StandIn.pageJson(GUILD, 3, List.of(new Player(ALICE, 9_000L)))));
        invoke("{\"syncId\": \"wrong-page\"}").statusCode(500)
                .body("errorMessage", containsString("MEE6 fetch failed (permanent)"))
                .body("errorMessage", containsString("page 3"));
        assertThat(db.queryLong("SELECT count(*) FROM discord_activity")).isZero();
    }

    @Test
    void anUnknownJobOrAnOptionOfAnotherJobIsRefusedClearly() {
        invoke("{\"job\": \"backup\"}").statusCode(500)
                .body("errorType", containsString("InvalidEventException"))
                .body("errorMessage", containsString("job must be one of [audit, mee6, streaks]"));
        invoke("{\"job\": \"audit\", \"fullRead\": true}").statusCode(500)
                .body("errorMessage", containsString("fullRead is an option of the XP sync"));
        invoke("{\"massChange\": \"undo\"}").statusCode(500)
                .body("errorMessage", containsString("massChange must be \"apply\" or \"rebaseline\", got 'undo'"));
        assertThat(db.queryLong("SELECT count(*) FROM sync_run")).isZero();
    }

    // --- helpers -----------------------------------------------------------------------------------------------------

    void board(Map<String, Long> xpByDiscordId) {
        mee6.reset();
        List<Player> players = new ArrayList<>();
        xpByDiscordId.forEach((id, xp) -> players.add(new Player(id, xp)));
        mee6.serveBoard(GUILD, players, 100);
    }

    List<List<Object>> activity(long memberId) {
        return db.query("SELECT xp_total, xp_delta, leftover_xp, discord_id, sync_id FROM discord_activity "
                + "WHERE member_id = ? ORDER BY id", memberId);
    }

    List<Object> last(long memberId) {
        List<List<Object>> rows = activity(memberId);
        return rows.get(rows.size() - 1);
    }

    static List<Object> row(Long xpTotal, Long xpDelta, int leftover, String discordId, String syncId) {
        List<Object> row = new ArrayList<>();
        row.add(xpTotal);
        row.add(xpDelta);
        row.add(leftover);
        row.add(discordId);
        row.add(syncId);
        return row;
    }

    void assertSound() {
        assertThat(invariants.violations()).isEmpty();
    }
}
