package dev.mee6sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.mee6sync.board.GuildSetting;
import dev.mee6sync.xp.Paging;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;
import dev.mee6sync.xp.XpSource;
import dev.mee6sync.xp.XpSourceException;

/** XP_SOURCE picks the adapter every call goes to. */
class SelectedXpSourceTest {

    private static final GuildSetting GUILD = GuildSetting.of(Optional.of("912345678901234567"), Optional.empty());

    /** An adapter that says who it is and reads nothing. */
    private record Named(String id, String name) implements XpSource {
        @Override
        public Optional<String> guildId() {
            return GUILD.id();
        }

        @Override
        public List<String> configurationProblems() {
            return List.of();
        }

        @Override
        public Paging paging() {
            return new Paging(100, 10, Duration.ZERO);
        }

        @Override
        public XpSnapshot read(XpRequest request) {
            throw new UnsupportedOperationException();
        }
    }

    private static SelectedXpSource selected(String configured) {
        return new SelectedXpSource(configured, Map.of("mee6", new Named("mee6", "MEE6"),
                "lurkr", new Named("lurkr", "Lurkr")), GUILD);
    }

    @Test
    void picksTheAdapterXpSourceNames() {
        assertThat(selected("mee6").id()).isEqualTo("mee6");
        assertThat(selected("lurkr").name()).isEqualTo("Lurkr");
        assertThat(selected(" LURKR ").id()).isEqualTo("lurkr");
        assertThat(selected("lurkr").describe())
                .isEqualTo("XP source: Lurkr (XP_SOURCE=LURKR), guild 912345678901234567 (DISCORD_GUILD_ID)"
                        .replace("LURKR", "lurkr"));
    }

    @Test
    void anUnknownSourceIsAConfigurationProblemNamingTheVariable() {
        SelectedXpSource source = selected("amari");
        assertThat(source.configurationProblems()).containsExactly("XP_SOURCE (xp.source) must be mee6 or lurkr, "
                + "got 'amari'");
        assertThatThrownBy(() -> source.read(new XpRequest(List.of(), false, null)))
                .isInstanceOf(XpSourceException.class).hasMessageContaining("XP_SOURCE")
                .extracting(e -> ((XpSourceException) e).reason()).isEqualTo("not-configured");
    }
}
