package dev.mee6sync.lurkr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mee6sync.board.InvalidData;
import dev.mee6sync.board.NotAPage;
import dev.mee6sync.board.StrictJson;
import dev.mee6sync.xp.Snowflake;

/**
 * Reads a Lurkr leaderboard page strictly: a body that is not a page is {@link NotAPage} (retried); an entry with a
 * value we refuse (an id that is not a snowflake, an XP outside Lurkr's int32 range, no rank) is {@link InvalidData}.
 */
final class LurkrParser {

    /** Lurkr stores XP as a 32-bit integer: anything outside 0..2,147,483,647 is corrupt. */
    static final long MAX_XP = Integer.MAX_VALUE;
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private final StrictJson json = new StrictJson("levels", LurkrParser::expectation);

    /** The page, with its entries in rank order, each with a valid id, XP and rank. */
    LurkrPage parse(byte[] body) {
        LurkrPage page = json.read(body, LurkrPage.class);
        if (page.levels() == null) {
            throw new NotAPage("a JSON body without a levels array (levels: missing or null)");
        }
        validate(page.levels());
        return page;
    }

    /** The message of Lurkr's JSON error body ({@code {"message": "..."}}), when the body is one. */
    Optional<String> errorMessage(byte[] body) {
        return json.text(body, "/message");
    }

    /**
     * The most XP a member can gain in an hour; null when a field is missing or not as expected (docs/lurkr-api.md,
     * "The XP rate: {@code xpGainInterval} is in seconds").
     */
    static Long maxXpPerHour(LurkrPage page) {
        JsonNode perMessage = page.xpPerMessageMax();
        JsonNode interval = page.xpGainInterval();
        if (perMessage == null || !perMessage.isIntegralNumber() || perMessage.decimalValue().signum() < 0
                || interval == null || !interval.isNumber() || interval.decimalValue().signum() <= 0) {
            return null;
        }
        Optional<BigDecimal> multiplier = multiplier(page.multipliers());
        if (multiplier.isEmpty()) {
            return null;
        }
        return perMessage.decimalValue().multiply(SECONDS_PER_HOUR).multiply(multiplier.get())
                .divide(interval.decimalValue(), 0, RoundingMode.CEILING).longValueExact();
    }

    /** The most the multipliers can multiply a gain by (a channel or role one counts at least 1). */
    private static Optional<BigDecimal> multiplier(JsonNode multipliers) {
        if (multipliers == null || !multipliers.isArray()) {
            return Optional.empty();
        }
        Map<String, BigDecimal> highest = new HashMap<>();
        for (JsonNode multiplier : multipliers) {
            JsonNode type = multiplier.path("type");
            JsonNode value = multiplier.path("multiplier");
            if (!type.isTextual() || !value.isNumber() || value.decimalValue().signum() < 0) {
                return Optional.empty();
            }
            highest.merge(type.asText(), value.decimalValue(), BigDecimal::max);
        }
        BigDecimal product = BigDecimal.ONE;
        for (Map.Entry<String, BigDecimal> type : highest.entrySet()) {
            product = product.multiply("Global".equals(type.getKey()) ? type.getValue()
                    : type.getValue().max(BigDecimal.ONE));
        }
        return Optional.of(product);
    }

    private static String expectation(String field) {
        if (field == null) {
            return "a level object";
        }
        return switch (field) {
            case "userId" -> "a string of 1 to 20 digits";
            case "xp" -> "an integer from 0 to " + MAX_XP;
            default -> "an integer";
        };
    }

    private static void validate(List<LurkrPage.Level> levels) {
        for (int i = 0; i < levels.size(); i++) {
            LurkrPage.Level level = levels.get(i);
            String at = "levels[" + i + "]";
            if (level == null) {
                throw new InvalidData(at, "expected a level object, got null");
            }
            if (level.userId() == null) {
                throw new InvalidData(at + ".userId", "missing");
            }
            if (!Snowflake.isWellFormed(level.userId())) {
                throw new InvalidData(at + ".userId",
                        "expected a string of 1 to 20 digits, got " + StrictJson.shown(level.userId()));
            }
            if (level.xp() == null) {
                throw new InvalidData(at + ".xp", "missing (user " + level.userId() + ")");
            }
            if (level.xp() < 0 || level.xp() > MAX_XP) {
                throw new InvalidData(at + ".xp", "got " + level.xp() + " (user " + level.userId() + "), outside "
                        + "Lurkr's XP range 0.." + MAX_XP + ": treated as corrupt data");
            }
            if (level.rank() == null) {
                throw new InvalidData(at + ".rank", "missing (user " + level.userId() + ")");
            }
        }
    }
}
