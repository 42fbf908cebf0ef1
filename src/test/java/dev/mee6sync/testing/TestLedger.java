package dev.mee6sync.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import dev.mee6sync.ledger.AwardDecision;
import dev.mee6sync.ledger.DiscordPointRules;
import dev.mee6sync.ledger.LedgerWriter;
import dev.mee6sync.ledger.PointRate;
import dev.mee6sync.ledger.PointRates;

/**
 * The ledger's own path, without a sync around it: the configured rate, {@link DiscordPointRules} and
 * {@link LedgerWriter} in one transaction, exactly as a sync's batch uses them.
 */
@ApplicationScoped
public class TestLedger {

    private final Session session;
    private final LedgerWriter writer;

    public TestLedger(Session session, LedgerWriter writer) {
        this.session = session;
        this.writer = writer;
    }

    /** One member's XP to convert: its delta and the leftover it carries. */
    public record Request(long memberId, long xpDelta, int leftoverXp) {
    }

    /** The rules' decision, and whether this call wrote its transaction (false: none, or written already). */
    public record Award(AwardDecision decision, boolean written) {
        public int points() {
            return written ? decision.points() : 0;
        }

        public int leftoverXp() {
            return decision.leftoverXp();
        }

        public AwardDecision.Outcome outcome() {
            return decision.outcome();
        }
    }

    public Award award(long memberId, long xpDelta, String syncId) {
        return award(List.of(new Request(memberId, xpDelta, 0)), syncId).get(0);
    }

    @Transactional
    public List<Award> award(List<Request> requests, String syncId) {
        return award(requests, syncId, null);
    }

    /** As a sync's batch does, with the time its points were earned ({@code activity_at}; null: now). */
    @Transactional
    public List<Award> award(List<Request> requests, String syncId, Instant earnedAt) {
        PointRate rate = PointRates.discordActivity();
        List<AwardDecision> decisions = new ArrayList<>();
        for (Request request : requests) {
            decisions.add(DiscordPointRules.decide(request.memberId(), request.xpDelta(), request.leftoverXp(), rate));
        }
        Map<Long, Long> written = session.doReturningWork(c -> writer.write(c, syncId, earnedAt, decisions));
        List<Award> awards = new ArrayList<>();
        for (AwardDecision decision : decisions) {
            awards.add(new Award(decision, written.containsKey(decision.memberId())));
        }
        return awards;
    }
}
