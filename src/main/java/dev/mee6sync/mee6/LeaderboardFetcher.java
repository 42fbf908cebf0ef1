package dev.mee6sync.mee6;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.mee6sync.config.Mee6Config;
import dev.mee6sync.mee6.Mee6FetchException.Kind;

/**
 * Pages through a guild's MEE6 leaderboard and picks out the requested members. A plain object built from a
 * {@link Mee6Config}, so tests can run it with any settings; {@link Mee6Client} is its CDI face.
 * <p>
 * Pages go from 0 with {@code limit = mee6.page-size}, {@code mee6.page-delay} apart, and stop as soon as every
 * requested member was found, or at the end of the board (an empty page, or one shorter than the limit). All or
 * nothing: any failure throws one {@link Mee6FetchException} and nothing read so far is returned.
 */
public final class LeaderboardFetcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaderboardFetcher.class);

    private final Mee6Config config;
    private final Mee6Api api;
    private final LeaderboardParser parser;

    public LeaderboardFetcher(Mee6Config config, String userAgent) {
        this.config = config;
        this.api = PageReader.client(config, userAgent);
        this.parser = new LeaderboardParser(config.maxPlausibleXp());
    }

    /** Reads with the token of the configuration ({@code mee6.auth-token}), if any. */
    public Mee6Snapshot fetch(Collection<String> discordIds) {
        return fetch(discordIds, config.authToken());
    }

    /**
     * @param token the MEE6 web token for a private leaderboard (sent as {@code Authorization}), or empty; in Lambda it
     *              comes from Secrets Manager at each invocation
     */
    public Mee6Snapshot fetch(Collection<String> discordIds, Optional<String> token) {
        Set<String> wanted = Set.copyOf(discordIds);
        if (wanted.isEmpty()) {
            return new Mee6Snapshot(Map.of(), FetchFacts.NONE);
        }
        String guildId = config.guildId().filter(id -> !id.isBlank()).orElseThrow(() -> new Mee6FetchException(
                Kind.PERMANENT, "MEE6_GUILD_ID is not set: the MEE6 client does not know whose leaderboard to read",
                null, null, null));
        long started = System.nanoTime();
        Progress progress = new Progress(wanted);
        try {
            readPages(new PageReader(config, api, guildId, parser, token), guildId, progress);
        } catch (Mee6FetchException e) {
            // what the failed fetch did (pages, retries) still goes into the run's stats and metrics
            throw e.withFacts(progress.facts(started));
        }
        FetchFacts facts = progress.facts(started);
        LOG.infof("MEE6 leaderboard of guild %s read: %d pages, %d players, %d/%d requested members found, "
                + "%d duplicates dropped, %d retries, %d ms", guildId, facts.pagesRequested(), facts.playersRead(),
                progress.found.size(), wanted.size(), facts.duplicatesDropped(), facts.retries(), facts.durationMs());
        return new Mee6Snapshot(progress.found, facts);
    }

    private void readPages(PageReader reader, String guildId, Progress progress) {
        for (int page = 0;; page++) {
            if (page > 0) {
                pause(page);
            }
            PageReader.PageResult result;
            try {
                result = reader.read(page);
            } catch (Mee6FetchException e) {
                progress.addFailed(reader.lastAttempts());
                throw e;
            }
            progress.add(result);
            LOG.debugf("MEE6 page %d of guild %s: %d players, %d attempt(s); %d/%d requested members found so far",
                    page, guildId, result.players().size(), result.attempts(), progress.found.size(),
                    progress.wanted.size());
            if (progress.found.size() == progress.wanted.size()) {
                break; // everyone found: the rest of the board is not needed
            }
            if (result.players().size() < config.pageSize()) {
                break; // an empty or short page is the end of the board
            }
            if (page + 1 >= config.maxPages()) {
                throw maxPagesReached(guildId, progress);
            }
        }
    }

    /** Closes the HTTP client and its connections. */
    @Override
    public void close() {
        api.close();
    }

    private void pause(int page) {
        Duration delay = config.pageDelay();
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Mee6FetchException(Kind.TRANSIENT, "MEE6 leaderboard fetch interrupted before page " + page, null,
                    page, e);
        }
    }

    private Mee6FetchException maxPagesReached(String guildId, Progress progress) {
        return new Mee6FetchException(Kind.PERMANENT, "MEE6 leaderboard of guild " + guildId + " did not end within "
                + "MEE6_MAX_PAGES=" + config.maxPages() + " pages of MEE6_PAGE_SIZE=" + config.pageSize() + " players ("
                + progress.players + " players read, " + progress.found.size() + "/" + progress.wanted.size()
                + " requested members found, " + progress.duplicates + " duplicates). Nothing was synced. If the board "
                + "is really that long, raise MEE6_MAX_PAGES; many duplicates mean MEE6 is ignoring the page number",
                null, config.maxPages() - 1, null);
    }

    /** What the pages read so far gave. The first reading of an id wins: it is the higher-ranked one. */
    private static final class Progress {
        final Set<String> wanted;
        final Map<String, MemberXp> found = new HashMap<>();
        final Set<String> seen = new HashSet<>();
        int pages;
        int players;
        int duplicates;
        int retries;

        Progress(Set<String> wanted) {
            this.wanted = wanted;
        }

        FetchFacts facts(long startedNanos) {
            return new FetchFacts(pages, players, duplicates, retries, (System.nanoTime() - startedNanos) / 1_000_000);
        }

        /** A page that could not be read counts as requested, with the retries spent on it. */
        void addFailed(int attempts) {
            pages++;
            retries += Math.max(0, attempts - 1);
        }

        void add(PageReader.PageResult result) {
            pages++;
            retries += result.attempts() - 1;
            for (LeaderboardPage.Player player : result.players()) {
                players++;
                if (!seen.add(player.id())) {
                    duplicates++;
                } else if (wanted.contains(player.id())) {
                    found.put(player.id(), new MemberXp(player.xp(), orZero(player.level()),
                            player.messageCount() == null ? 0 : player.messageCount()));
                }
            }
        }

        private static int orZero(Integer value) {
            return value == null ? 0 : value;
        }
    }
}
