package dev.mee6sync.mee6;

import java.time.Duration;
import java.util.Optional;

import dev.mee6sync.board.BoardConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The MEE6 adapter's settings (docs/configuration.md, "The MEE6 leaderboard"), checked by {@link Mee6ConfigCheck}; the
 * sync's own {@code mee6.*} settings are {@code dev.mee6sync.config.SyncConfig}'s.
 */
@ConfigMapping(prefix = "mee6")
public interface Mee6Config extends BoardConfig {

    /** {@code MEE6_GUILD_ID}: the former name of {@code DISCORD_GUILD_ID}, still read when that one is unset. */
    Optional<String> guildId();

    @WithDefault("https://mee6.xyz/api")
    String apiUrl();

    /** Players per leaderboard page, 1..1000. */
    @WithDefault("1000")
    int pageSize();

    /** Pause between two page requests, to stay clear of MEE6's unpublished rate limit. Zero allowed. */
    @WithDefault("1s")
    Duration pageDelay();

    /** A MEE6 web token for a private leaderboard, sent as {@code Authorization} as is; never logged. */
    Optional<String> authToken();

    /** Hard bound on pages per fetch, so a misbehaving API cannot keep the function paging forever. */
    @WithDefault("500")
    int maxPages();

    /** The largest body accepted, counted after decompression; a 1,000-player page is about 270 kB. */
    @WithDefault("16777216")
    long maxPageBytes();

    /** A reading above this many XP is treated as corrupt data, not as a member's XP. */
    @WithDefault("10000000000")
    long maxPlausibleXp();
}
