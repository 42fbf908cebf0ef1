package dev.mee6sync.mee6;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mee6sync.board.InvalidData;
import dev.mee6sync.board.NotAPage;
import dev.mee6sync.board.StrictJson;
import dev.mee6sync.xp.Snowflake;

/**
 * Reads a MEE6 leaderboard page strictly (docs/mee6-api.md, "Validation"): a body that is not a page is
 * {@link NotAPage} (retried); a value we do not trust is {@link InvalidData}: paying from it is worse than waiting.
 */
final class LeaderboardParser {

    /** MEE6 gives XP for at most one message a minute. */
    private static final BigDecimal GAINS_PER_HOUR = BigDecimal.valueOf(60);

    private final StrictJson json = new StrictJson("players", LeaderboardParser::expectation);
    private final long maxPlausibleXp;

    LeaderboardParser(long maxPlausibleXp) {
        this.maxPlausibleXp = maxPlausibleXp;
    }

    /** The page, with its players in rank order, each with a valid id and xp. */
    LeaderboardPage parse(byte[] body) {
        LeaderboardPage page = json.read(body, LeaderboardPage.class);
        if (page.players() == null) {
            throw new NotAPage("a JSON body without a players array (players: missing or null)");
        }
        validate(page.players());
        return page;
    }

    /** The message of MEE6's JSON error body ({@code {"error":{"message":"..."}}}), when the body is one. */
    Optional<String> errorMessage(byte[] body) {
        return json.text(body, "/error/message");
    }

    /**
     * The most XP a member can gain in an hour: the highest {@code xp_per_message} times {@code xp_rate}, once a
     * minute, rounded up; null when either field is missing or not as expected.
     */
    static Long maxXpPerHour(LeaderboardPage page) {
        JsonNode perMessage = page.xpPerMessage();
        JsonNode rate = page.xpRate();
        if (perMessage == null || !perMessage.isArray() || perMessage.isEmpty() || rate == null || !rate.isNumber()
                || rate.decimalValue().signum() < 0) {
            return null;
        }
        BigDecimal most = null;
        for (JsonNode value : perMessage) {
            if (!value.isIntegralNumber() || value.decimalValue().signum() < 0) {
                return null;
            }
            most = most == null || value.decimalValue().compareTo(most) > 0 ? value.decimalValue() : most;
        }
        return most.multiply(rate.decimalValue()).multiply(GAINS_PER_HOUR).setScale(0, RoundingMode.CEILING)
                .longValueExact();
    }

    private static String expectation(String field) {
        if (field == null) {
            return "a player object";
        }
        return switch (field) {
            case "id" -> "a string of 1 to 20 digits";
            case "xp" -> "a non-negative integer";
            default -> "an integer";
        };
    }

    private void validate(List<LeaderboardPage.Player> players) {
        for (int i = 0; i < players.size(); i++) {
            LeaderboardPage.Player player = players.get(i);
            if (player == null) {
                throw new InvalidData("players[" + i + "]", "expected a player object, got null");
            }
            if (player.id() == null) {
                throw new InvalidData("players[" + i + "].id", "missing");
            }
            if (!Snowflake.isWellFormed(player.id())) {
                throw new InvalidData("players[" + i + "].id",
                        "expected a string of 1 to 20 digits, got " + StrictJson.shown(player.id()));
            }
            if (player.xp() == null) {
                throw new InvalidData("players[" + i + "].xp", "missing (player " + player.id() + ")");
            }
            if (player.xp() < 0) {
                throw new InvalidData("players[" + i + "].xp",
                        "expected a non-negative integer, got " + player.xp() + " (player " + player.id() + ")");
            }
            if (player.xp() > maxPlausibleXp) {
                throw new InvalidData("players[" + i + "].xp", "got " + player.xp() + " (player " + player.id()
                        + "), above MEE6_MAX_PLAUSIBLE_XP=" + maxPlausibleXp + ": treated as corrupt data");
            }
        }
    }
}
