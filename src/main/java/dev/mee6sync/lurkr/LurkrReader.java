package dev.mee6sync.lurkr;

import java.time.Duration;
import java.util.Optional;

import dev.mee6sync.board.BoardReader;
import dev.mee6sync.board.GuildSetting;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;

/**
 * A guild's Lurkr leaderboard read by the {@link BoardReader}: a plain object built from a {@link LurkrConfig}, so
 * tests can run it with any settings; {@link LurkrXpSource} is its CDI face.
 */
public final class LurkrReader {

    private final LurkrConfig config;
    private final BoardReader reader;
    private final LurkrParser parser = new LurkrParser();
    private final GuildSetting guild;

    /**
     * @param defaultUserAgent the {@code User-Agent} when {@code lurkr.user-agent} is not set
     * @param fullReadEvery    the sync's {@code MEE6_FULL_READ_EVERY}, shown in the deadline message; null: unknown
     */
    public LurkrReader(LurkrConfig config, String defaultUserAgent, Duration fullReadEvery, GuildSetting guild) {
        this.config = config;
        this.reader = new BoardReader(LurkrBoard.settings(config, fullReadEvery),
                config.userAgent().orElse(defaultUserAgent));
        this.guild = guild;
    }

    /** Reads with the key of the configuration ({@code lurkr.api-key}), if any. */
    public XpSnapshot read(XpRequest request) {
        return read(request, config.apiKey());
    }

    /** @param key the Lurkr API key (sent as {@code X-API-Key}), or empty; in Lambda from Secrets Manager */
    public XpSnapshot read(XpRequest request, Optional<String> key) {
        String guildId = guild.require(LurkrMessages.SOURCE);
        return reader.read(request, new LurkrBoard(config, parser, guildId, guild.variable(),
                key.filter(k -> !k.isBlank()).orElse(null)));
    }
}
