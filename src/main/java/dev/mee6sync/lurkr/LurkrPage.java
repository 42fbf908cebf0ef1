package dev.mee6sync.lurkr;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One page of Lurkr's {@code GET /levels/{guildId}?page=n}: only the fields the sync uses; unknown ones are ignored.
 * Read by {@link LurkrParser}.
 *
 * @param guild           the guild the page says it is of ({@code guild.id}), as sent
 * @param levels          the page's entries, highest XP first; {@code null} when the field is missing
 * @param multipliers     the guild's XP multipliers, as sent
 * @param xpGainInterval  the cooldown between two XP gains of a member, in seconds, as sent
 * @param xpPerMessageMax the most XP one message gives, as sent
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record LurkrPage(JsonNode guild, List<Level> levels, JsonNode multipliers, JsonNode xpGainInterval,
        JsonNode xpPerMessageMax) {

    /**
     * One entry. Boxed types so that a missing field is told apart from zero.
     *
     * @param userId a Discord snowflake, kept as the string Lurkr sent
     * @param rank   the entry's position on the whole board, from 1
     */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Level(String userId, Long xp, Long rank) {
    }
}
