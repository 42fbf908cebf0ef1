package dev.mee6sync.mee6;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One page of {@code GET /plugins/levels/leaderboard/{guildId}}: only the fields the sync uses. MEE6 adds fields
 * over time ({@code country}, {@code monetize_*}...), so unknown ones are ignored. Read by {@link LeaderboardParser}.
 *
 * @param page    the page number MEE6 says it answered (informational)
 * @param players the page's players, highest XP first; {@code null} when the field is missing
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record LeaderboardPage(Integer page, List<Player> players) {

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
