package dev.mee6sync.lurkr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.mee6sync.board.GuildSetting;
import dev.mee6sync.testing.LurkrSettings;

class LurkrConfigCheckTest {

    private static final GuildSetting GUILD = GuildSetting.of(Optional.of("912345678901234567"), Optional.empty());

    @Test
    void theDefaultsAndAGuildAreAllItNeeds() {
        LurkrConfig config = LurkrSettings.none().build();
        assertThat(LurkrConfigCheck.problems(config, GUILD)).isEmpty();
        assertThat(config.apiUrl()).isEqualTo("https://api.lurkr.gg/v2");
        assertThat(config.pageDelay()).hasMillis(500);
        assertThat(config.apiKey()).isEmpty();
    }

    @Test
    void withoutAGuildItNamesTheVariable() {
        assertThat(LurkrConfigCheck.problems(LurkrSettings.none().build(), GuildSetting.of(Optional.empty(),
                Optional.empty()))).singleElement().asString().startsWith("DISCORD_GUILD_ID (discord.guild-id) is "
                        + "required");
    }

    @Test
    void invalidValuesNameTheirVariable() {
        assertThat(problem("api-url", "api.lurkr.gg/v2")).contains("LURKR_API_URL (lurkr.api-url)");
        assertThat(problem("page-delay", "-1s")).contains("LURKR_PAGE_DELAY", "negative");
        assertThat(problem("max-pages", "0")).contains("LURKR_MAX_PAGES", "between 1 and 1000000");
        assertThat(problem("retry.max-attempts", "0")).contains("LURKR_RETRY_MAX_ATTEMPTS");
        assertThat(problem("request-timeout", "0s")).contains("LURKR_REQUEST_TIMEOUT", "positive");
        assertThat(problem("api-key", "two words")).contains("LURKR_API_KEY", "printable ASCII without spaces")
                .doesNotContain("two words");
    }

    private static String problem(String key, String value) {
        return LurkrConfigCheck.problems(LurkrSettings.none().with(key, value).build(), GUILD).get(0);
    }
}
