package dev.mee6sync.mee6;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One page of {@code GET /plugins/levels/leaderboard/{guildId}}: only the fields the sync uses; unknown ones are
 * ignored. Read by {@link LeaderboardParser}.
 *
 * @param page         the page number MEE6 says it answered, as sent (any JSON value, or null when missing)
 * @param guild        the guild object MEE6 says the page is of ({@code guild.id}, a string snowflake), as sent
 * @param players      the page's players, highest XP first; {@code null} when the field is missing
 * @param xpPerMessage the XP one message gives, {@code [min, max]}, as sent (null when missing)
 * @param xpRate       the guild's XP multiplier, as sent (null when missing)
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record LeaderboardPage(JsonNode page, JsonNode guild, List<Player> players,
        @JsonProperty("xp_per_message") JsonNode xpPerMessage, @JsonProperty("xp_rate") JsonNode xpRate) {

    /**
     * One ranked player. Boxed types so that a missing field is told apart from zero.
     *
     * @param id a Discord snowflake, kept as the string MEE6 sent (up to 20 digits, beyond what a double holds)
     */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Player(String id, Long xp, Integer level, @JsonProperty("message_count") Long messageCount) {
    }
}
