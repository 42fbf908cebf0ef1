package dev.mee6sync.config;

import static org.assertj.core.api.Assertions.assertThat;

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
    void defaultsAreValidWhileTheSyncIsDisabled() {
        assertThat(Mee6ConfigCheck.problems(config(Map.of()))).isEmpty();
    }

    @Test
    void enabledWithoutGuildIdNamesTheVariable() {
        List<String> problems = Mee6ConfigCheck.problems(config(Map.of("mee6.sync-enabled", "true")));
        assertThat(problems).singleElement().asString().contains("MEE6_GUILD_ID", "MEE6_SYNC_ENABLED=true");
    }

    @Test
    void enabledWithAGuildIdIsValid() {
        assertThat(Mee6ConfigCheck.problems(config(Map.of("mee6.sync-enabled", "true",
                "mee6.guild-id", "912345678901234567")))).isEmpty();
    }

    @Test
    void invalidValuesNameTheirVariable() {
        assertThat(Mee6ConfigCheck.problems(config(Map.of("mee6.page-size", "0"))))
                .singleElement().asString().contains("MEE6_PAGE_SIZE", "between 1 and 1000", "got 0");
        assertThat(Mee6ConfigCheck.problems(config(Map.of("mee6.page-size", "1001"))))
                .singleElement().asString().contains("MEE6_PAGE_SIZE");
        assertThat(Mee6ConfigCheck.problems(config(Map.of("mee6.page-delay", "-1s"))))
                .singleElement().asString().contains("MEE6_PAGE_DELAY", "negative");
        assertThat(Mee6ConfigCheck.problems(config(Map.of("mee6.guild-id", "my-server"))))
                .singleElement().asString().contains("MEE6_GUILD_ID", "snowflake", "my-server");
        assertThat(Mee6ConfigCheck.problems(config(Map.of("mee6.api-url", "mee6.xyz/api"))))
                .singleElement().asString().contains("MEE6_API_URL");
        assertThat(Mee6ConfigCheck.problems(config(Map.of("mee6.alert-after-failures", "0"))))
                .singleElement().asString().contains("MEE6_ALERT_AFTER_FAILURES");
        assertThat(Mee6ConfigCheck.problems(config(Map.of("mee6.batch-size", "0"))))
                .singleElement().asString().contains("MEE6_BATCH_SIZE");
    }

    @Test
    void zeroPageDelayIsAllowed() {
        assertThat(Mee6ConfigCheck.problems(config(Map.of("mee6.page-delay", "0s")))).isEmpty();
    }
}
