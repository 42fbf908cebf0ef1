package dev.mee6sync.board;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The Discord side of every source: which guild's board is read ({@code DISCORD_GUILD_ID}). */
@ConfigMapping(prefix = "discord")
public interface DiscordConfig {

    /** The Discord guild (server) whose leaderboard is read; {@code MEE6_GUILD_ID} is its former name. */
    Optional<String> guildId();
}
