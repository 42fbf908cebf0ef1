package dev.mee6sync.source;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.mee6sync.board.GuildSetting;
import dev.mee6sync.lurkr.LurkrXpSource;
import dev.mee6sync.mee6.Mee6XpSource;
import dev.mee6sync.xp.Paging;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;
import dev.mee6sync.xp.XpSource;
import dev.mee6sync.xp.XpSourceException;
import io.quarkus.runtime.StartupEvent;

/** The application's {@link XpSource}: the adapter {@code XP_SOURCE} names, to which every call goes. */
@ApplicationScoped
public class SelectedXpSource implements XpSource {

    private static final Logger LOG = Logger.getLogger(SelectedXpSource.class);

    private final String configured;
    private final XpSource selected;
    private final GuildSetting guild;

    @Inject
    public SelectedXpSource(SourceConfig config, Mee6XpSource mee6, LurkrXpSource lurkr, GuildSetting guild) {
        this(config.source(), Map.of("mee6", mee6, "lurkr", lurkr), guild);
    }

    /** @param sources the adapters by their {@link XpSource#id()} */
    SelectedXpSource(String configured, Map<String, ? extends XpSource> sources, GuildSetting guild) {
        this.configured = configured.strip();
        this.selected = sources.get(this.configured.toLowerCase(Locale.ROOT));
        this.guild = guild;
    }

    /** Says at start-up which board is read and where the guild id came from. */
    void logSelection(@Observes StartupEvent event) {
        LOG.info(describe());
    }

    /** {@code XP source: Lurkr (XP_SOURCE=lurkr), guild 912345678901234567 (DISCORD_GUILD_ID)}. */
    String describe() {
        return "XP source: " + (selected == null ? "none" : selected.name()) + " (XP_SOURCE=" + configured + "), "
                + guild.describe();
    }

    @Override
    public String id() {
        return selected == null ? configured.toLowerCase(Locale.ROOT) : selected.id();
    }

    @Override
    public String name() {
        return selected == null ? configured : selected.name();
    }

    @Override
    public Optional<String> guildId() {
        return selected == null ? guild.id() : selected.guildId();
    }

    @Override
    public List<String> configurationProblems() {
        return selected == null ? List.of(unknown()) : selected.configurationProblems();
    }

    @Override
    public Paging paging() {
        if (selected == null) {
            throw notConfigured();
        }
        return selected.paging();
    }

    @Override
    public XpSnapshot read(XpRequest request) {
        if (selected == null) {
            throw notConfigured();
        }
        return selected.read(request);
    }

    private String unknown() {
        return "XP_SOURCE (xp.source) must be mee6 or lurkr, got '" + configured + "'";
    }

    private XpSourceException notConfigured() {
        return new XpSourceException(configured, XpSourceException.Kind.PERMANENT, "not-configured",
                "No XP source: " + unknown(), null, null);
    }
}
