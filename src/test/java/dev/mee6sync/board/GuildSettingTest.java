package dev.mee6sync.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** DISCORD_GUILD_ID, with MEE6_GUILD_ID still read for stacks deployed before it. */
class GuildSettingTest {

    private static final String GUILD = "912345678901234567";

    @Test
    void discordGuildIdIsTheSetting() {
        GuildSetting guild = GuildSetting.of(Optional.of(GUILD), Optional.empty());
        assertThat(guild.id()).contains(GUILD);
        assertThat(guild.variable()).isEqualTo("DISCORD_GUILD_ID");
        assertThat(guild.problems()).isEmpty();
        assertThat(guild.describe()).isEqualTo("guild " + GUILD + " (DISCORD_GUILD_ID)");
    }

    @Test
    void mee6GuildIdIsStillRead() {
        GuildSetting guild = GuildSetting.of(Optional.of(" "), Optional.of(GUILD));
        assertThat(guild.id()).contains(GUILD);
        assertThat(guild.variable()).isEqualTo("MEE6_GUILD_ID");
        assertThat(guild.problems()).isEmpty();
        assertThat(guild.describe()).contains("MEE6_GUILD_ID, the former name of DISCORD_GUILD_ID");
    }

    @Test
    void bothSetToTheSameGuildIsFineAndToTwoGuildsIsAProblem() {
        assertThat(GuildSetting.of(Optional.of(GUILD), Optional.of(GUILD)).problems()).isEmpty();
        assertThat(GuildSetting.of(Optional.of(GUILD), Optional.of("123")).problems()).singleElement().asString()
                .contains("DISCORD_GUILD_ID=" + GUILD, "MEE6_GUILD_ID=123", "different guilds");
    }

    @Test
    void aMissingOrMalformedGuildNamesTheVariableToFix() {
        assertThat(GuildSetting.of(Optional.empty(), Optional.empty()).problems()).singleElement().asString()
                .startsWith("DISCORD_GUILD_ID (discord.guild-id) is required when MEE6_SYNC_ENABLED=true");
        assertThat(GuildSetting.of(Optional.of("my-server"), Optional.empty()).problems()).singleElement()
                .asString().contains("DISCORD_GUILD_ID", "snowflake", "my-server");
        assertThat(GuildSetting.of(Optional.empty(), Optional.of("x1")).problems()).singleElement()
                .asString().contains("MEE6_GUILD_ID", "snowflake");
    }
}
