package dev.mee6sync.mee6;

import java.time.Duration;
import java.util.Optional;

import dev.mee6sync.board.BoardReader;
import dev.mee6sync.board.GuildSetting;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;

/**
 * A guild's MEE6 leaderboard read by the {@link BoardReader}: a plain object built from a {@link Mee6Config}, so tests
 * can run it with any settings; {@link Mee6XpSource} is its CDI face.
 */
public final class LeaderboardFetcher {

    private final Mee6Config config;
    private final BoardReader reader;
    private final LeaderboardParser parser;
    private final GuildSetting guild;

    /** @param defaultUserAgent the {@code User-Agent} when {@code mee6.user-agent} is not set */
    public LeaderboardFetcher(Mee6Config config, String defaultUserAgent) {
        this(config, defaultUserAgent, null);
    }

    /** @param fullReadEvery the sync's {@code MEE6_FULL_READ_EVERY}, shown in the deadline message; null: unknown */
    LeaderboardFetcher(Mee6Config config, String defaultUserAgent, Duration fullReadEvery) {
        this(config, defaultUserAgent, fullReadEvery, GuildSetting.of(Optional.empty(), config.guildId()));
    }

    LeaderboardFetcher(Mee6Config config, String defaultUserAgent, Duration fullReadEvery, GuildSetting guild) {
        this.config = config;
        this.reader = new BoardReader(Mee6Board.settings(config, fullReadEvery),
                config.userAgent().orElse(defaultUserAgent));
        this.parser = new LeaderboardParser(config.maxPlausibleXp());
        this.guild = guild;
    }

    /** Reads with the token of the configuration ({@code mee6.auth-token}), if any. */
    public XpSnapshot fetch(XpRequest request) {
        return fetch(request, config.authToken());
    }

    /**
     * @param token the MEE6 web token (sent as {@code Authorization}), or empty; in Lambda it comes from Secrets
     *              Manager at each invocation
     */
    public XpSnapshot fetch(XpRequest request, Optional<String> token) {
        String guildId = guild.require(Mee6Messages.SOURCE);
        return reader.read(request, new Mee6Board(config, parser, guildId, guild.variable(),
                token.filter(t -> !t.isBlank()).orElse(null)));
    }
}
