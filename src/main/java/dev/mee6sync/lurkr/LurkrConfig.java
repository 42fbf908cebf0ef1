package dev.mee6sync.lurkr;

import java.time.Duration;
import java.util.Optional;

import dev.mee6sync.board.BoardConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The Lurkr adapter's settings (docs/configuration.md, "The Lurkr leaderboard"), checked by {@link LurkrConfigCheck};
 * the guild is {@code DISCORD_GUILD_ID}, shared by every source.
 */
@ConfigMapping(prefix = "lurkr")
public interface LurkrConfig extends BoardConfig {

    /** Lurkr's API v2. */
    @WithDefault("https://api.lurkr.gg/v2")
    String apiUrl();

    /**
     * A Lurkr API key, sent as {@code X-API-Key}; the application secret's {@code lurkrApiKey} wins over it. Optional
     * for a public leaderboard; a key must be granted the server. Never logged.
     */
    Optional<String> apiKey();

    /** Pause between two page requests: 120 requests a minute per key. The rate-limit headers may ask for more. */
    @WithDefault("500ms")
    Duration pageDelay();

    /** The most pages (of 100 players) one run may request. */
    @WithDefault("1000")
    int maxPages();

    /** The largest body accepted, counted after decompression; a page of 100 players is about 30 kB. */
    @WithDefault("4194304")
    long maxPageBytes();
}
