package dev.mee6sync.sync;

import static dev.mee6sync.testing.MockEventServer.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.LedgerInvariants;
import dev.mee6sync.testing.LogCapture;
import dev.mee6sync.testing.LurkrStandIn;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.MockEventServer;
import dev.mee6sync.testing.SwitchableXpSource;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A community that leaves MEE6 for Lurkr keeps its ledger (docs/ledger-rules.md, "Provenance"): the source is part of
 * every reading's provenance, so the switch moves no points, and the gains after it are paid from Lurkr's readings.
 */
@QuarkusTest
@TestProfile(SourceSwitchTest.Switchable.class)
class SourceSwitchTest {

    static final String GUILD = Mee6StandIn.GUILD_ID;
    static final long FIRST = 401_234_567_890_123_400L;
    static final int MEMBERS = 12;

    public static class Switchable implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(SwitchableXpSource.class);
        }
    }

    @Inject
    TestDatabase db;

    @Inject
    LedgerInvariants invariants;

    @Inject
    SwitchableXpSource source;

    final Mee6StandIn mee6 = Mee6StandIn.get();
    final LurkrStandIn lurkr = LurkrStandIn.get();

    @AfterEach
    void backToMee6() {
        source.use(SwitchableXpSource.MEE6, GUILD);
    }

    @Test
    void aSwitchToLurkrMovesNoPointsAndGainsArePaidAfterItAndBack() {
        db.reset();
        List<Long> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            members.add(db.insertMember(String.valueOf(FIRST + i)));
        }
        // four hours on MEE6: 40,000 XP and up, +250 an hour each (carry 50)
        for (int hour = 0; hour < 4; hour++) {
            serveMee6(hour);
            invoke(tick(hour)).statusCode(200).body("xpSource", equalTo("mee6"));
        }
        long paidOnMee6 = db.queryLong("SELECT coalesce(sum(points), 0) FROM point_transaction");
        assertThat(paidOnMee6).isEqualTo(MEMBERS * 7L); // 750 XP: 7 points each, 50 carried

        // Lurkr counts XP on its own scale (an import from MEE6 is rarely exact): 12,000 and up
        source.use(SwitchableXpSource.LURKR, GUILD);
        serveLurkr(0);
        try (LogCapture log = LogCapture.start()) {
            invoke(tick(4)).statusCode(200)
                    .body("xpSource", equalTo("lurkr"))
                    .body("provenanceBaselines", equalTo(MEMBERS))
                    .body("pointsAwarded", equalTo(0))
                    .body("pointsDeducted", equalTo(0))
                    .body("massChangeRefused", equalTo(null));
            assertThat(log.text()).contains("the XP source changed");
        }
        assertThat(db.queryLong("SELECT coalesce(sum(points), 0) FROM point_transaction"))
                .as("the switch moved nothing")
                .isEqualTo(paidOnMee6);
        assertThat(db.query("SELECT DISTINCT source, leftover_xp, xp_delta IS NULL FROM discord_activity "
                + "WHERE sync_id = ?", syncId(4))).containsExactly(List.of("lurkr", 0, true));

        serveLurkr(1); // +150 each: +1, carry 50 (the MEE6 carry of 50 did not cross)
        invoke(tick(5)).statusCode(200).body("pointsAwarded", equalTo(MEMBERS)).body("provenanceBaselines",
                equalTo(0));

        // and back: a switch too, not a delta against the MEE6 reading of before
        source.use(SwitchableXpSource.MEE6, GUILD);
        serveMee6(9);
        invoke(tick(6)).statusCode(200).body("xpSource", equalTo("mee6")).body("provenanceBaselines",
                equalTo(MEMBERS)).body("pointsAwarded", equalTo(0)).body("pointsDeducted", equalTo(0));
        assertThat(invariants.violations()).isEmpty();
        assertThat(db.query("SELECT source, count(*) FROM board_state GROUP BY source ORDER BY source"))
                .as("each board keeps its own memory").containsExactly(List.of("lurkr", 1L), List.of("mee6", 1L));
    }

    private void serveMee6(int hour) {
        mee6.reset();
        List<Mee6StandIn.Player> players = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            players.add(new Mee6StandIn.Player(String.valueOf(FIRST + i), 40_000L + 1_000L * i + 250L * hour));
        }
        mee6.serveBoard(GUILD, players, 100);
    }

    private void serveLurkr(int hour) {
        lurkr.reset();
        List<LurkrStandIn.Player> players = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            players.add(new LurkrStandIn.Player(String.valueOf(FIRST + i), 12_000L + 300L * i + 150L * hour));
        }
        lurkr.serveBoard(GUILD, players);
    }

    static String tick(int hour) {
        return MockEventServer.scheduledEvent("2026-12-01T%02d:00:00Z".formatted(hour));
    }

    static String syncId(int hour) {
        return "scheduled-2026-12-01T%02d:00:00Z".formatted(hour);
    }
}
