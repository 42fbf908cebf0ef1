package dev.mee6sync.mee6;

import java.util.ArrayList;
import java.util.List;

import dev.mee6sync.board.GuildSetting;
import dev.mee6sync.config.SettingsCheck;
import dev.mee6sync.xp.Snowflake;

/**
 * Checks {@link Mee6Config} values that the type alone cannot, each problem naming the variable to fix. Asked only
 * when the sync is enabled, so a missing guild id is always a problem here.
 */
public final class Mee6ConfigCheck {

    public static final int MAX_PAGE_SIZE = 1000;

    private Mee6ConfigCheck() {
    }

    /** The problems of this configuration alone, its guild being {@code MEE6_GUILD_ID}; empty when it can run. */
    public static List<String> problems(Mee6Config config) {
        List<String> problems = new ArrayList<>();
        if (config.guildId().map(String::isBlank).orElse(true)) {
            problems.add("MEE6_GUILD_ID (mee6.guild-id) is required when MEE6_SYNC_ENABLED=true: set it to the Discord "
                    + "server id whose MEE6 leaderboard is synced");
        }
        config.guildId().filter(id -> !id.isBlank() && !Snowflake.isWellFormed(id))
                .ifPresent(id -> problems.add("MEE6_GUILD_ID (mee6.guild-id) must be a Discord snowflake (digits "
                        + "only), got '" + id + "'"));
        problems.addAll(settingsProblems(config));
        return problems;
    }

    /** The problems of this configuration with the application's guild setting; empty when it can run. */
    public static List<String> problems(Mee6Config config, GuildSetting guild) {
        List<String> problems = new ArrayList<>(guild.problems());
        problems.addAll(settingsProblems(config));
        return problems;
    }

    private static List<String> settingsProblems(Mee6Config config) {
        SettingsCheck check = Mee6Board.settings(config, null).check(new SettingsCheck("mee6")
                .httpUrl("api-url", config.apiUrl())
                .range("page-size", config.pageSize(), 1, MAX_PAGE_SIZE), config.userAgent());
        if (config.maxPlausibleXp() < 1) {
            check.add(check.name("max-plausible-xp") + " must be positive, got " + config.maxPlausibleXp());
        }
        return check.problems();
    }
}
