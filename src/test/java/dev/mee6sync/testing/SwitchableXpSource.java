package dev.mee6sync.testing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import dev.mee6sync.board.GuildSetting;
import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.lurkr.LurkrXpSource;
import dev.mee6sync.mee6.Mee6XpSource;
import dev.mee6sync.secrets.AppSecrets;
import dev.mee6sync.xp.Paging;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;
import dev.mee6sync.xp.XpSource;

/**
 * The application's XP source as an operator changes it between runs by redeploying: {@code XP_SOURCE} (MEE6 or Lurkr),
 * {@code DISCORD_GUILD_ID}, or a mistyped setting. Each is a real adapter ({@link Mee6XpSource}, {@link LurkrXpSource})
 * against its stand-in, nothing mocked. Enabled only by the test profiles that name it (an alternative).
 */
@Alternative
@ApplicationScoped
public class SwitchableXpSource implements XpSource {

    public static final String MEE6 = "mee6";
    public static final String LURKR = "lurkr";

    private final SyncConfig sync;
    private final AppSecrets secrets;
    /** Adapters by source, guild and settings, built once: each keeps its HTTP client. */
    private final Map<String, XpSource> adapters = new ConcurrentHashMap<>();
    private volatile Map<String, String> settings = Map.of();
    private volatile XpSource current;

    public SwitchableXpSource(SyncConfig sync, AppSecrets secrets) {
        this.sync = sync;
        this.secrets = secrets;
        use(MEE6, Mee6StandIn.GUILD_ID);
    }

    /**
     * Settings every adapter built from now on gets (keys without the source's prefix, e.g. {@code max-pages},
     * {@code read-timeout}), on top of {@link Mee6Settings#defaults()} and {@link LurkrSettings#defaults()}.
     */
    public void configure(Map<String, String> values) {
        settings = Map.copyOf(values);
    }

    /** Reads {@code guildId}'s board of {@code source} ({@value #MEE6} or {@value #LURKR}) from the next run on. */
    public void use(String source, String guildId) {
        current = adapter(source, guildId);
    }

    private XpSource adapter(String source, String guildId) {
        return adapters.computeIfAbsent(source + "/" + guildId + "/" + settings, key -> {
            GuildSetting guild = GuildSetting.of(Optional.of(guildId), Optional.empty());
            if (MEE6.equals(source)) {
                Mee6Settings mee6 = Mee6Settings.defaults().with("guild-id", guildId);
                settings.forEach(mee6::with);
                return new Mee6XpSource(mee6.build(), sync, secrets, guild, "test");
            }
            if (LURKR.equals(source)) {
                LurkrSettings lurkr = LurkrSettings.defaults();
                settings.forEach(lurkr::with);
                return new LurkrXpSource(lurkr.build(), sync, secrets, guild, "test");
            }
            throw new IllegalArgumentException("no XP source " + source);
        });
    }

    @Override
    public String id() {
        return current.id();
    }

    @Override
    public String name() {
        return current.name();
    }

    @Override
    public Optional<String> guildId() {
        return current.guildId();
    }

    @Override
    public Paging paging() {
        return current.paging();
    }

    @Override
    public List<String> configurationProblems() {
        return current.configurationProblems();
    }

    @Override
    public XpSnapshot read(XpRequest request) {
        return current.read(request);
    }
}
