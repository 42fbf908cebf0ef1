package dev.mee6sync.mee6;

import java.util.Collection;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mee6sync.config.Mee6Config;
import dev.mee6sync.secrets.AppSecrets;

/**
 * Reads the XP of Discord members from the guild's public MEE6 leaderboard. See {@link LeaderboardFetcher} for the
 * paging, stop rules and failure handling.
 */
@ApplicationScoped
public class Mee6Client {

    /** Where a MEE6 admin who sees our requests in their logs can find out who we are. */
    static final String PROJECT_URL = "https://github.com/mee6-sync";

    private final LeaderboardFetcher fetcher;
    private final AppSecrets secrets;

    public Mee6Client(Mee6Config config, AppSecrets secrets,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.fetcher = new LeaderboardFetcher(config, userAgent(version));
        this.secrets = secrets;
    }

    @PreDestroy
    void close() {
        fetcher.close();
    }

    /** {@code mee6-sync/1.0.0 (+https://github.com/mee6-sync)}: a descriptive agent, as some clients get blocked without. */
    public static String userAgent(String version) {
        return "mee6-sync/" + version + " (+" + PROJECT_URL + ")";
    }

    /**
     * The XP of those of {@code discordIds} that are on the leaderboard, read in one complete pass; no request at all
     * when {@code discordIds} is empty.
     *
     * @throws Mee6FetchException when the leaderboard could not be read completely (nothing partial is returned)
     */
    public Mee6Snapshot fetchAllMemberXp(Collection<String> discordIds) {
        return fetcher.fetch(discordIds, secrets.mee6Token()); // MEE6_AUTH_TOKEN, or from Secrets Manager
    }
}
