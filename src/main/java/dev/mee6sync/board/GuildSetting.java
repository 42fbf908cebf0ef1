package dev.mee6sync.board;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mee6sync.xp.Snowflake;
import dev.mee6sync.xp.XpSourceException;

/**
 * The guild whose board is read: {@code DISCORD_GUILD_ID}, else {@code MEE6_GUILD_ID}, its former name, which stacks
 * deployed before the second source still set.
 */
@Singleton
public final class GuildSetting {

    public static final String VARIABLE = "DISCORD_GUILD_ID";
    public static final String FORMER_VARIABLE = "MEE6_GUILD_ID";

    private final Optional<String> discord;
    private final Optional<String> former;

    @Inject
    public GuildSetting(DiscordConfig config, @ConfigProperty(name = "mee6.guild-id") Optional<String> former) {
        this(config.guildId(), former);
    }

    private GuildSetting(Optional<String> discord, Optional<String> former) {
        this.discord = discord.filter(id -> !id.isBlank());
        this.former = former.filter(id -> !id.isBlank());
    }

    /** From the two variables' values (each possibly unset). */
    public static GuildSetting of(Optional<String> discordGuildId, Optional<String> mee6GuildId) {
        return new GuildSetting(discordGuildId, mee6GuildId);
    }

    public Optional<String> id() {
        return discord.or(() -> former);
    }

    /**
     * The guild id, for a read by {@code source} (its name in messages).
     *
     * @throws XpSourceException (permanent, {@code not-configured}) when no guild is set
     */
    public String require(String source) {
        return id().orElseThrow(() -> new XpSourceException(source, XpSourceException.Kind.PERMANENT,
                "not-configured", variable() + " is not set: the " + source + " client does not know whose "
                        + "leaderboard to read", null, null));
    }

    /** The variable the guild comes from, the one to change: {@code DISCORD_GUILD_ID} unless only the former is set. */
    public String variable() {
        return discord.isEmpty() && former.isPresent() ? FORMER_VARIABLE : VARIABLE;
    }

    /** What is wrong with the guild setting, each problem naming the variable to fix. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (id().isEmpty()) {
            problems.add(VARIABLE + " (discord.guild-id) is required when MEE6_SYNC_ENABLED=true: set it to the "
                    + "Discord server id whose leaderboard is synced (" + FORMER_VARIABLE + ", its former name, is "
                    + "read when it is unset)");
        }
        discord.filter(id -> !Snowflake.isWellFormed(id)).ifPresent(id -> problems.add(VARIABLE
                + " (discord.guild-id) must be a Discord snowflake (digits only), got '" + id + "'"));
        former.filter(id -> !Snowflake.isWellFormed(id)).ifPresent(id -> problems.add(FORMER_VARIABLE
                + " (mee6.guild-id) must be a Discord snowflake (digits only), got '" + id + "'"));
        if (discord.isPresent() && former.isPresent() && !discord.equals(former)) {
            problems.add(VARIABLE + "=" + discord.get() + " and " + FORMER_VARIABLE + "=" + former.get()
                    + " name different guilds: set " + VARIABLE + " only (" + FORMER_VARIABLE + " is its former name)");
        }
        return problems;
    }

    /** {@code guild 912345678901234567 (DISCORD_GUILD_ID)}, for the start-up log. */
    public String describe() {
        return id().map(id -> "guild " + id + " (" + variable() + (variable().equals(FORMER_VARIABLE)
                ? ", the former name of " + VARIABLE + ": still read" : "") + ")")
                .orElse("no guild (" + VARIABLE + " unset)");
    }
}
