package dev.mee6sync.mee6;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.Mee6Settings;

class Mee6ConfigCheckTest {

    static Mee6Config config(Map<String, String> values) {
        Mee6Settings settings = Mee6Settings.none();
        values.forEach((key, value) -> settings.with(key.substring("mee6.".length()), value));
        return settings.build();
    }

    @Test
    void withoutAGuildIdTheDefaultsNameTheVariable() {
        // asked only when the sync is enabled: a missing guild id is always a problem here
        List<String> problems = Mee6ConfigCheck.problems(config(Map.of()));
        assertThat(problems).singleElement().asString().isEqualTo("MEE6_GUILD_ID (mee6.guild-id) is required when "
                + "MEE6_SYNC_ENABLED=true: set it to the Discord server id whose MEE6 leaderboard is synced");
    }

    @Test
    void aGuildIdIsAllTheDefaultsNeed() {
        assertThat(Mee6ConfigCheck.problems(withGuild(Map.of()))).isEmpty();
    }

    @Test
    void invalidValuesNameTheirVariable() {
        assertThat(Mee6ConfigCheck.problems(withGuild(Map.of("mee6.page-size", "0"))))
                .singleElement().asString().contains("MEE6_PAGE_SIZE", "between 1 and 1000", "got 0");
        assertThat(Mee6ConfigCheck.problems(withGuild(Map.of("mee6.page-size", "1001"))))
                .singleElement().asString().contains("MEE6_PAGE_SIZE");
        assertThat(Mee6ConfigCheck.problems(withGuild(Map.of("mee6.page-delay", "-1s"))))
                .singleElement().asString().contains("MEE6_PAGE_DELAY", "negative");
        assertThat(Mee6ConfigCheck.problems(withGuild(Map.of("mee6.guild-id", "my-server"))))
                .singleElement().asString().contains("MEE6_GUILD_ID", "snowflake", "my-server");
        assertThat(Mee6ConfigCheck.problems(withGuild(Map.of("mee6.api-url", "mee6.xyz/api"))))
                .singleElement().asString().contains("MEE6_API_URL");
        assertThat(Mee6ConfigCheck.problems(withGuild(Map.of("mee6.request-timeout", "0s"))))
                .singleElement().asString().contains("MEE6_REQUEST_TIMEOUT", "positive");
        assertThat(Mee6ConfigCheck.problems(withGuild(Map.of("mee6.max-page-bytes", "100"))))
                .singleElement().asString().contains("MEE6_MAX_PAGE_BYTES", "between 1024 and 1073741824", "got 100");
        assertThat(Mee6ConfigCheck.problems(withGuild(Map.of("mee6.user-agent", "bot\u00e9/1"))))
                .singleElement().asString().contains("MEE6_USER_AGENT", "printable ASCII", "bot?/1");
        assertThat(Mee6ConfigCheck.problems(withGuild(Map.of("mee6.user-agent", "line\nbreak"))))
                .singleElement().asString().contains("MEE6_USER_AGENT");
    }

    @Test
    void theNewDefaults() {
        Mee6Config config = config(Map.of());
        assertThat(config.requestTimeout()).hasSeconds(60);
        assertThat(config.maxPageBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(config.userAgent()).isEmpty();
    }

    @Test
    void zeroPageDelayIsAllowed() {
        assertThat(Mee6ConfigCheck.problems(withGuild(Map.of("mee6.page-delay", "0s")))).isEmpty();
    }

    /** {@code values} over a configuration that names a guild. */
    private static Mee6Config withGuild(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(Map.of("mee6.guild-id", "912345678901234567"));
        all.putAll(values);
        return config(all);
    }
}
