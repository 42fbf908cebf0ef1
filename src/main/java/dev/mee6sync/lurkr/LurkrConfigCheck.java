package dev.mee6sync.lurkr;

import java.util.ArrayList;
import java.util.List;

import dev.mee6sync.board.GuildSetting;
import dev.mee6sync.config.SettingsCheck;

/** Checks {@link LurkrConfig} values that the type alone cannot; each problem names the variable to fix. */
public final class LurkrConfigCheck {

    private LurkrConfigCheck() {
    }

    /** The problems of this configuration with the application's guild setting; empty when it can run. */
    public static List<String> problems(LurkrConfig config, GuildSetting guild) {
        List<String> problems = new ArrayList<>(guild.problems());
        SettingsCheck check = LurkrBoard.settings(config, null).check(new SettingsCheck("lurkr")
                .httpUrl("api-url", config.apiUrl()), config.userAgent());
        config.apiKey().filter(key -> !key.isBlank() && !key.matches("[\\x21-\\x7e]+")).ifPresent(key -> check.add(
                check.name("api-key") + " must be printable ASCII without spaces (as Lurkr shows it)"));
        problems.addAll(check.problems());
        return problems;
    }
}
