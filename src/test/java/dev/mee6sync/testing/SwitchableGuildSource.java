package dev.mee6sync.testing;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.board.GuildSetting;
import dev.mee6sync.lurkr.LurkrXpSource;
import dev.mee6sync.mee6.Mee6XpSource;
import dev.mee6sync.secrets.AppSecrets;
import dev.mee6sync.xp.Paging;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;
import dev.mee6sync.xp.XpSource;

/**
 * The application's MEE6 adapter, with the guild (or the source) a test can change between runs, as an operator
 * changing {@code DISCORD_GUILD_ID} (or {@code XP_SOURCE}) and redeploying would: a real adapter, nothing mocked.
 * Enabled only by the test profiles that name it (an alternative).
 */
@Alternative
@ApplicationScoped
public class SwitchableGuildSource implements XpSource {

    private final Mee6XpSource configured;
    private final SyncConfig sync;
    private final AppSecrets secrets;
    private volatile XpSource current;

    public SwitchableGuildSource(Mee6XpSource configured, SyncConfig sync, AppSecrets secrets) {
        this.configured = configured;
        this.sync = sync;
        this.secrets = secrets;
        this.current = configured;
    }

    /** Reads {@code guildId}'s board from the next run on; null: the configured guild again. */
    public void useGuild(String guildId) {
        current = guildId == null ? configured
                : new Mee6XpSource(Mee6Settings.defaults().with("guild-id", guildId).build(), sync, secrets, "test");
    }

    /**
     * Reads the configured guild's board from Lurkr (its stand-in) from the next run on, as a redeploy with
     * {@code XP_SOURCE=lurkr} would; {@link #useGuild} with null goes back to MEE6.
     */
    public void useLurkr() {
        current = new LurkrXpSource(LurkrSettings.defaults().build(), sync, secrets,
                GuildSetting.of(configured.guildId(), Optional.empty()), "test");
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
