package dev.mee6sync.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;

/**
 * Turns Discord XP into points in the ledger. The rules are {@link DiscordPointRules}; the writes are
 * {@link LedgerWriter}'s. The single-member and batch APIs below, and the sync's batches, all go through
 * {@link #apply}, so they cannot disagree.
 */
@ApplicationScoped
public class PointsService {

    private static final Logger LOG = Logger.getLogger(PointsService.class);

    private final AgroalDataSource dataSource;
    private final LedgerWriter ledgerWriter;

    public PointsService(AgroalDataSource dataSource, LedgerWriter ledgerWriter) {
        this.dataSource = dataSource;
        this.ledgerWriter = ledgerWriter;
    }

    /** Converts {@code xpDelta} (nothing carried) for one member; see {@link #awardDiscordPoints(List, String)}. */
    public PointAward awardDiscordPoints(long memberId, long xpDelta, String syncId) {
        return awardDiscordPoints(List.of(new AwardRequest(memberId, xpDelta, 0)), syncId).get(0);
    }

    /**
     * Converts each request's XP (its delta plus its carried leftover) into points and writes the point
     * transactions, in one database transaction and a constant number of statements. Calling it again with the same
     * {@code syncId} writes nothing more and reports "already processed".
     */
    @Transactional
    public List<PointAward> awardDiscordPoints(List<AwardRequest> requests, String syncId) {
        if (requests.stream().map(AwardRequest::memberId).distinct().count() != requests.size()) {
            throw new IllegalArgumentException("A member appears twice in one award batch for sync " + syncId);
        }
        try (Connection connection = dataSource.getConnection()) { // enlisted in this JTA transaction
            PointRate rate = loadRate(connection);
            List<AwardDecision> decisions = new ArrayList<>(requests.size());
            for (AwardRequest request : requests) {
                decisions.add(DiscordPointRules.decide(request.memberId(), request.xpDelta(), request.leftoverXp(), rate));
            }
            return apply(connection, syncId, decisions);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write Discord activity points for sync " + syncId, e);
        }
    }

    /** The {@code point_config('discord_activity')} row; its absence or a negative rate is a configuration error. */
    public PointRate loadRate(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT points, enabled FROM point_config WHERE action = ?")) {
            statement.setString(1, LedgerWriter.DISCORD_ACTIVITY);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("point_config has no 'discord_activity' row: insert one with the "
                            + "points per 100 MEE6 XP, e.g. INSERT INTO point_config (action, points, enabled) "
                            + "VALUES ('discord_activity', 1, true)");
                }
                int points = row.getInt(1);
                if (points < 0) {
                    throw new IllegalStateException("point_config 'discord_activity' has a negative rate (" + points
                            + " points per 100 XP); set points to 0 or more, or enabled = false");
                }
                return new PointRate(points, row.getBoolean(2));
            }
        }
    }

    /**
     * Writes {@code decisions} on {@code connection}, within the caller's transaction, and reports each one. The
     * shared path of every award.
     */
    public List<PointAward> apply(Connection connection, String syncId, List<AwardDecision> decisions)
            throws SQLException {
        Map<Long, Long> written = ledgerWriter.write(connection, syncId, decisions);
        List<PointAward> awards = new ArrayList<>(decisions.size());
        for (AwardDecision decision : decisions) {
            boolean wasWritten = written.containsKey(decision.memberId());
            if (wasWritten && decision.outcome() == AwardDecision.Outcome.DEDUCT) {
                logDeduction(decision, syncId, written.get(decision.memberId()));
            }
            awards.add(award(decision, wasWritten, syncId));
        }
        return awards;
    }

    /**
     * An admin who removes XP in MEE6 means the member loses points: the ledger follows MEE6, down as well as up.
     * This is the only path by which a balance can go negative. Logged one line per member: the audit trail in
     * CloudWatch.
     */
    private static void logDeduction(AwardDecision decision, String syncId, long balanceAfter) {
        LOG.infof("Deducted %d points from member %d: MEE6 XP delta %d (effective %d with carry), sync %s, balance now %d",
                -decision.points(), decision.memberId(), decision.xpDelta(), decision.conversion().effectiveXp(),
                syncId, balanceAfter);
        if (balanceAfter < 0) {
            LOG.warnf("Member %d has a negative balance (%d) after an XP removal in MEE6 (sync %s)",
                    decision.memberId(), balanceAfter, syncId);
        }
    }

    private static PointAward award(AwardDecision decision, boolean written, String syncId) {
        XpConversion.Conversion conversion = decision.conversion();
        String reason = switch (decision.outcome()) {
            case AWARD -> written
                    ? "awarded " + decision.points() + " points for " + conversion.units() * XpConversion.XP_PER_UNIT + " XP"
                    : "already processed in sync " + syncId;
            case DEDUCT -> written
                    ? "deducted " + -decision.points() + " points: " + -conversion.units() * XpConversion.XP_PER_UNIT
                            + " XP removed in MEE6"
                    : "already processed in sync " + syncId;
            case CARRY -> "under 100 XP: " + conversion.leftoverXp() + " XP carried";
            case DISABLED -> "discord_activity points are disabled (or worth 0): " + conversion.units()
                    + " units forfeited, " + conversion.leftoverXp() + " XP carried";
        };
        return new PointAward(decision.memberId(), written, written ? decision.points() : 0, conversion.units(),
                conversion.leftoverXp(), reason);
    }
}
