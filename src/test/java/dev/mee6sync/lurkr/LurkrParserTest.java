package dev.mee6sync.lurkr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.mee6sync.board.InvalidData;
import dev.mee6sync.board.NotAPage;
import dev.mee6sync.testing.LurkrStandIn;

/** The strict parsing of a Lurkr page and the XP rate it publishes, without HTTP. */
class LurkrParserTest {

    private final LurkrParser parser = new LurkrParser();

    private LurkrPage parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheFixturesIgnoringFieldsItDoesNotKnow() {
        LurkrPage page = parse(LurkrStandIn.fixtureText("leaderboard-page-1.json"));
        assertThat(page.levels()).hasSize(100);
        assertThat(page.levels().get(0)).isEqualTo(new LurkrPage.Level("401234567890123400", 250_000L, 1L));
        assertThat(parse(LurkrStandIn.fixtureText("leaderboard-page-3-empty.json")).levels()).isEmpty();
    }

    @Test
    void refusesWhatItCannotTrust() {
        assertInvalid("levels[0].userId: expected a string of 1 to 20 digits, got 401234567890123400",
                "{\"userId\":401234567890123400,\"xp\":1,\"rank\":1}");
        assertInvalid("levels[0].xp: expected an integer from 0 to 2147483647, got 1.5",
                "{\"userId\":\"1\",\"xp\":1.5,\"rank\":1}");
        assertInvalid("levels[0].xp: got 2147483648 (user 1), outside Lurkr's XP range 0..2147483647: treated as "
                + "corrupt data", "{\"userId\":\"1\",\"xp\":2147483648,\"rank\":1}");
        assertInvalid("levels[0].xp: missing (user 1)", "{\"userId\":\"1\",\"rank\":1}");
        assertInvalid("levels[0].rank: missing (user 1)", "{\"userId\":\"1\",\"xp\":5}");
        assertInvalid("levels[0].userId: missing", "{\"xp\":5,\"rank\":1}");
    }

    @Test
    void tellsABodyThatIsNotAPage() {
        assertThatThrownBy(() -> parse("<html>Bad Gateway</html>")).isInstanceOf(NotAPage.class);
        assertThatThrownBy(() -> parse("{\"message\":\"Internal error\"}")).isInstanceOf(NotAPage.class)
                .hasMessageContaining("levels: missing or null");
        assertThatThrownBy(() -> parse("{\"levels\":{}}")).isInstanceOf(NotAPage.class);
    }

    @Test
    void readsLurkrErrorMessages() {
        assertThat(parser.errorMessage(LurkrStandIn.fixtureText("error-404-unknown-guild.json")
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(Optional.of("Guild not found"));
        assertThat(parser.errorMessage("<html/>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(parser.errorMessage(new byte[0])).isEmpty();
    }

    @Test
    void theMostXpAnHourIsTheLargestGainAtEveryIntervalTimesTheMultipliersThatStack() {
        // 25 XP once a minute: 1,500 an hour
        assertThat(maxXpPerHour("[]", "60", "25")).isEqualTo(1500L);
        // the highest of each type applies, the types multiply: 1.5 (global) x 2 (role) x 1 (channels only lower)
        assertThat(maxXpPerHour("[{\"type\":\"Global\",\"multiplier\":1.5},{\"type\":\"Role\",\"multiplier\":2},"
                + "{\"type\":\"Role\",\"multiplier\":1.2},{\"type\":\"Channel\",\"multiplier\":0.5}]", "60", "25"))
                .isEqualTo(4500L);
        // a global multiplier below 1 lowers every gain; rounded up
        assertThat(maxXpPerHour("[{\"type\":\"Global\",\"multiplier\":0.33}]", "45", "40")).isEqualTo(1056L);
        assertThat(maxXpPerHour("[]", "7", "25")).isEqualTo(12858L);
    }

    @Test
    void noXpRateWhenAFieldIsMissingOrOdd() {
        assertThat(maxXpPerHour(null, "60", "25")).isNull();
        assertThat(maxXpPerHour("[]", null, "25")).isNull();
        assertThat(maxXpPerHour("[]", "60", null)).isNull();
        assertThat(maxXpPerHour("[]", "0", "25")).isNull();
        assertThat(maxXpPerHour("[{\"type\":\"Role\"}]", "60", "25")).isNull();
    }

    private Long maxXpPerHour(String multipliers, String interval, String perMessageMax) {
        StringBuilder json = new StringBuilder("{\"levels\":[]");
        if (multipliers != null) {
            json.append(",\"multipliers\":").append(multipliers);
        }
        if (interval != null) {
            json.append(",\"xpGainInterval\":").append(interval);
        }
        if (perMessageMax != null) {
            json.append(",\"xpPerMessageMax\":").append(perMessageMax);
        }
        return LurkrParser.maxXpPerHour(parse(json.append('}').toString()));
    }

    private void assertInvalid(String message, String level) {
        assertThatThrownBy(() -> parse("{\"levels\":[" + level + "]}")).isInstanceOf(InvalidData.class)
                .hasMessage(message);
    }
}
