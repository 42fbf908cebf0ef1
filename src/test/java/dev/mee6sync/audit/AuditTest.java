package dev.mee6sync.audit;

import static dev.mee6sync.testing.MockEventServer.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.LogCapture;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;
import dev.mee6sync.testing.SentryStandIn;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The audit ({@code {"job": "audit"}}) over a ledger the sync wrote: OK when every invariant holds, DRIFT with examples
 * once someone forges a transaction behind the ledger's back (its triggers off). It changes nothing; drift is logged
 * at ERROR and sent to Sentry once (member ids only).
 */
@QuarkusTest
class AuditTest {

    static final String GUILD = Mee6StandIn.GUILD_ID;
    static final String ALICE = "401234567890123456";
    static final String BOB = "387654321098765432";
    static final String CAROL = "1234567890123456789";

    @Inject
    TestDatabase db;

    final Mee6StandIn mee6 = Mee6StandIn.get();
    long alice;
    long bob;
    long carol;

    @BeforeEach
    void aLedgerWithHistory() {
        db.reset();
        SentryStandIn.reset();
        alice = db.insertMember(ALICE);
        bob = db.insertMember(BOB);
        carol = db.insertMember(CAROL);
        sync("a1", List.of(new Player(ALICE, 10_000), new Player(BOB, 20_000)));
        sync("a2", List.of(new Player(ALICE, 10_250), new Player(BOB, 19_700), new Player(CAROL, 400)));
        db.execute("UPDATE point_config SET enabled = false WHERE action = 'discord_activity'");
        sync("a3", List.of(new Player(ALICE, 10_480), new Player(BOB, 19_700))); // forfeited while disabled
        db.execute("UPDATE point_config SET enabled = true WHERE action = 'discord_activity'");
        db.execute("UPDATE member SET discord_id = '387654321098765433' WHERE id = ?", bob); // re-linked
        sync("a4", List.of(new Player(ALICE, 10_600), new Player("387654321098765433", 700), new Player(CAROL, 650)));
        db.execute("INSERT INTO point_transaction (member_id, action, points) VALUES (?, 'quest', 10)", carol);
    }

    @Test
    void aSoundLedgerIsOkAndTheAuditChangesNothing() {
        List<List<Object>> before = counts();
        invoke("{\"job\": \"audit\", \"syncId\": \"audit-1\"}").statusCode(200)
                .body("status", equalTo("OK"))
                .body("membersChecked", equalTo(3))
                .body("problems", equalTo(0));
        assertThat(counts()).isEqualTo(before);
        assertThat(db.query("SELECT job, status FROM sync_run WHERE sync_id = 'audit-1'"))
                .containsExactly(List.of("audit", "COMPLETED"));
        assertThat(SentryStandIn.acceptedEventsContaining("audit")).isEmpty();
    }

    @Test
    void aForgedTransactionIsDriftWithExamplesAndOneSentryEvent() throws Exception {
        // behind the ledger's back: triggers off, so no balance moves, and a transaction for a sync without a row
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            for (String sql : List.of("SET LOCAL session_replication_role = replica",
                    "INSERT INTO point_transaction (member_id, action, points, sync_id, metadata) VALUES (" + alice
                            + ", 'discord_activity', 50, 'a3', '{\"units\": 50}'::jsonb)",
                    "INSERT INTO point_transaction (member_id, action, points, sync_id) VALUES (" + carol
                            + ", 'discord_activity', 7, 'never-ran')")) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.execute();
                }
            }
            c.commit();
        }
        try (LogCapture log = LogCapture.start()) {
            invoke("{\"job\": \"audit\", \"syncId\": \"audit-2\"}").statusCode(200)
                    .body("status", equalTo("DRIFT"))
                    .body("problems", equalTo(4))
                    .body("byInvariant.balance", equalTo(2))
                    .body("byInvariant.conservation", equalTo(1))
                    .body("byInvariant.'transaction-has-activity-row'", equalTo(1))
                    .body("examples.memberId", hasItem((int) alice))
                    .body("examples.invariant", hasItem("conservation"));
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("ERROR").contains("drifted"));
        }
        assertThat(SentryStandIn.acceptedEventsContaining("ledger audit found")).singleElement().asString()
                .contains("\"level\":\"error\"", "4 broken invariant(s)").doesNotContain(ALICE).doesNotContain(CAROL);

        invoke("{\"job\": \"audit\", \"syncId\": \"audit-3\"}").statusCode(200).body("status", equalTo("DRIFT"));
        assertThat(SentryStandIn.acceptedEventsContaining("ledger audit found")).as("one event").hasSize(1);
        // a new drift behind the open warning: another member's balance moved behind the ledger's back
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            for (String sql : List.of("SET LOCAL session_replication_role = replica",
                    "INSERT INTO point_transaction (member_id, action, points, sync_id) VALUES (" + bob
                            + ", 'admin', 3, 'forged')")) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.execute();
                }
            }
            c.commit();
        }
        invoke("{\"job\": \"audit\", \"syncId\": \"audit-4\"}").statusCode(200).body("status", equalTo("DRIFT"));
        assertThat(SentryStandIn.acceptedEventsContaining("ledger audit found"))
                .as("an open warning never hides a new one")
                .hasSize(2).anySatisfy(event -> assertThat(event).contains("new since the warning", "member:" + bob));
    }

    private void sync(String syncId, List<Player> board) {
        mee6.reset();
        mee6.serveBoard(GUILD, board, 100);
        invoke("{\"syncId\": \"" + syncId + "\", \"fullRead\": true}").statusCode(200)
                .body("status", equalTo("COMPLETED"));
    }

    private List<List<Object>> counts() {
        return db.query("SELECT (SELECT count(*) FROM discord_activity), (SELECT count(*) FROM point_transaction), "
                + "(SELECT sum(total_points) FROM member)");
    }
}
