package dev.mee6sync.lurkr;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mee6sync.board.BoardReader;
import dev.mee6sync.board.GuildSetting;
import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.secrets.AppSecrets;
import dev.mee6sync.xp.Paging;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;
import dev.mee6sync.xp.XpSource;

/**
 * Lurkr's public leaderboard (API v2) as an {@link XpSource} ({@code XP_SOURCE=lurkr}): its settings, the key of each
 * read, and the {@link LurkrReader}. What its API gives: docs/lurkr-api.md.
 */
@ApplicationScoped
@Typed(LurkrXpSource.class)
public class LurkrXpSource implements XpSource {

    private final LurkrConfig config;
    private final SyncConfig sync;
    private final AppSecrets secrets;
    private final GuildSetting guild;
    private final String version;
    private LurkrReader reader;

    public LurkrXpSource(LurkrConfig config, SyncConfig sync, AppSecrets secrets, GuildSetting guild,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.config = config;
        this.sync = sync;
        this.secrets = secrets;
        this.guild = guild;
        this.version = version;
    }

    @Override
    public String id() {
        return "lurkr";
    }

    @Override
    public String name() {
        return LurkrMessages.SOURCE;
    }

    @Override
    public Optional<String> guildId() {
        return guild.id();
    }

    @Override
    public Paging paging() {
        return LurkrBoard.settings(config, sync.fullReadEvery()).paging();
    }

    @Override
    public List<String> configurationProblems() {
        return LurkrConfigCheck.problems(config, guild);
    }

    /** The key is read at each call: the secret's {@code lurkrApiKey}, else {@code LURKR_API_KEY}. */
    @Override
    public XpSnapshot read(XpRequest request) {
        return reader().read(request, secrets.lurkrApiKey());
    }

    /** Built at the first read, not at start-up: Lambda's INIT stays short. */
    private synchronized LurkrReader reader() {
        if (reader == null) {
            reader = new LurkrReader(config, BoardReader.defaultUserAgent(version), sync.fullReadEvery(), guild);
        }
        return reader;
    }
}
