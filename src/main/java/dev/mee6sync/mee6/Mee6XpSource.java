package dev.mee6sync.mee6;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

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
 * MEE6's public leaderboard as an {@link XpSource} ({@code XP_SOURCE=mee6}): its settings, the token of each read, and
 * the {@link LeaderboardFetcher}. The application's {@code XpSource} is the one {@code XP_SOURCE} selects.
 */
@ApplicationScoped
@Typed(Mee6XpSource.class)
public class Mee6XpSource implements XpSource {

    private final Mee6Config config;
    private final SyncConfig sync;
    private final AppSecrets secrets;
    private final GuildSetting guild;
    private final String version;
    private LeaderboardFetcher fetcher;

    @Inject
    public Mee6XpSource(Mee6Config config, SyncConfig sync, AppSecrets secrets, GuildSetting guild,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.config = config;
        this.sync = sync;
        this.secrets = secrets;
        this.guild = guild;
        this.version = version;
    }

    @Override
    public String id() {
        return "mee6";
    }

    @Override
    public String name() {
        return Mee6Messages.SOURCE;
    }

    @Override
    public Optional<String> guildId() {
        return guild.id();
    }

    @Override
    public Paging paging() {
        return Mee6Board.settings(config, sync.fullReadEvery()).paging();
    }

    @Override
    public List<String> configurationProblems() {
        return Mee6ConfigCheck.problems(config, guild);
    }

    /** The token is read at each call: MEE6_AUTH_TOKEN, or from Secrets Manager. */
    @Override
    public XpSnapshot read(XpRequest request) {
        return fetcher().fetch(request, secrets.mee6Token());
    }

    /** The fetcher and its HTTP client, built at the first read (not at start-up: Lambda's INIT stays short). */
    private synchronized LeaderboardFetcher fetcher() {
        if (fetcher == null) {
            fetcher = new LeaderboardFetcher(config, BoardReader.defaultUserAgent(version), sync.fullReadEvery(),
                    guild);
        }
        return fetcher;
    }
}
