package dev.mee6sync.mee6;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.mee6sync.board.BoardReader;
import dev.mee6sync.board.Durations;
import dev.mee6sync.board.GuildSetting;
import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.secrets.AppSecrets;
import dev.mee6sync.xp.Paging;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;
import dev.mee6sync.xp.XpSource;
import dev.mee6sync.xp.XpSourceException;
import io.quarkus.runtime.StartupEvent;

/**
 * MEE6's public leaderboard as an {@link XpSource} ({@code XP_SOURCE=mee6}): its settings, the token of each read, and
 * the {@link LeaderboardFetcher}. The application's {@code XpSource} is the one {@code XP_SOURCE} selects.
 */
@ApplicationScoped
@Typed(Mee6XpSource.class)
public class Mee6XpSource implements XpSource {

    private static final Logger LOG = Logger.getLogger(Mee6XpSource.class);

    /** What the start-up estimate counts for one request, on top of the page delay. */
    static final Duration ESTIMATED_REQUEST = Duration.ofMillis(500);
    /** The end of a run kept for recording its outcome (the sync stops its work that long before the timeout). */
    static final Duration OUTCOME_MARGIN = Duration.ofSeconds(20);

    private final Mee6Config config;
    private final SyncConfig sync;
    private final AppSecrets secrets;
    private final GuildSetting guild;
    private final String version;
    private volatile LeaderboardFetcher fetcher;

    @Inject
    public Mee6XpSource(Mee6Config config, SyncConfig sync, AppSecrets secrets, GuildSetting guild,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.config = config;
        this.sync = sync;
        this.secrets = secrets;
        this.guild = guild;
        this.version = version;
    }

    /** A source whose guild is the configuration's {@code mee6.guild-id} alone. */
    public Mee6XpSource(Mee6Config config, SyncConfig sync, AppSecrets secrets, String version) {
        this(config, sync, secrets, GuildSetting.of(Optional.empty(), config.guildId()), version);
    }

    /** The {@code User-Agent} when {@code MEE6_USER_AGENT} is unset: {@link BoardReader#defaultUserAgent(String)}. */
    public static String defaultUserAgent(String version) {
        return BoardReader.defaultUserAgent(version);
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
        return new Paging(config.pageSize(), config.maxPages(), config.pageDelay());
    }

    @Override
    public List<String> configurationProblems() {
        return Mee6ConfigCheck.problems(config, guild);
    }

    /**
     * The XP of those of the requested accounts that are on the pages read, in one complete pass; the token is read
     * at each call (MEE6_AUTH_TOKEN, or from Secrets Manager).
     *
     * @throws XpSourceException when the board could not be read completely (nothing partial is returned)
     */
    @Override
    public XpSnapshot read(XpRequest request) {
        List<String> problems = configurationProblems();
        if (!problems.isEmpty()) {
            throw new XpSourceException(Mee6Messages.SOURCE, XpSourceException.Kind.PERMANENT, "not-configured",
                    "MEE6 client not configured: " + String.join("; ", problems), null, null);
        }
        return fetcher().fetch(request, secrets.mee6Token());
    }

    /** The fetcher and its HTTP client, built at the first read (not at start-up: Lambda's INIT stays short). */
    private LeaderboardFetcher fetcher() {
        LeaderboardFetcher current = fetcher;
        if (current == null) {
            synchronized (this) {
                current = fetcher;
                if (current == null) {
                    current = new LeaderboardFetcher(config, defaultUserAgent(version), sync.fullReadEvery(), guild);
                    fetcher = current;
                }
            }
        }
        return current;
    }

    /** Says at start-up when a full read of the largest board allowed cannot end within the function's timeout. */
    void checkFullReadFits(@Observes StartupEvent event) {
        fullReadWarning(config, sync.functionTimeout()).ifPresent(LOG::warn);
    }

    /**
     * The warning for a full read of {@code MEE6_MAX_PAGES} pages that does not fit in the function's timeout, or
     * empty when it fits (or the settings are invalid: the configuration check says so).
     */
    static Optional<String> fullReadWarning(Mee6Config config, Duration functionTimeout) {
        if (!Mee6ConfigCheck.problems(config).stream().allMatch(p -> p.startsWith("MEE6_GUILD_ID"))) {
            return Optional.empty();
        }
        Duration available = functionTimeout.minus(OUTCOME_MARGIN);
        // page 0 has no delay before it
        Duration perPage = config.pageDelay().plus(ESTIMATED_REQUEST);
        Duration needed = ESTIMATED_REQUEST.plus(perPage.multipliedBy(config.maxPages() - 1L));
        if (needed.compareTo(available) <= 0) {
            return Optional.empty();
        }
        long fitting = available.isNegative() || available.compareTo(ESTIMATED_REQUEST) < 0 ? 0
                : 1 + available.minus(ESTIMATED_REQUEST).toMillis() / Math.max(1, perPage.toMillis());
        return Optional.of(String.format(Locale.ROOT, "A full read of the MEE6 board cannot fit in the function's "
                + "timeout: MEE6_MAX_PAGES=%d pages at MEE6_PAGE_DELAY=%s, plus an estimated %s per request, take "
                + "about %s, and MEE6_FUNCTION_TIMEOUT=%s leaves %s once %s are kept to record the outcome. The "
                + "largest board a full read can finish is about %d pages of MEE6_PAGE_SIZE=%d players (%,d players); "
                + "a longer one fails at the deadline. Lower MEE6_PAGE_DELAY, raise MEE6_PAGE_SIZE (up to 1000), give "
                + "the function a longer timeout (MEE6_FUNCTION_TIMEOUT with it), or lower MEE6_MAX_PAGES to what the "
                + "board needs", config.maxPages(), Durations.human(config.pageDelay()),
                Durations.human(ESTIMATED_REQUEST), approx(needed), Durations.human(functionTimeout),
                approx(available.isNegative() ? Duration.ZERO : available), Durations.human(OUTCOME_MARGIN), fitting,
                config.pageSize(), fitting * config.pageSize()));
    }

    /** {@code 8m 20s}: an estimate to the second. */
    private static String approx(Duration duration) {
        return Durations.human(duration.truncatedTo(ChronoUnit.SECONDS));
    }
}
