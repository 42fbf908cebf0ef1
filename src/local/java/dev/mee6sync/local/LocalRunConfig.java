package dev.mee6sync.local;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * Makes {@code ./mvnw quarkus:dev} work on a machine with only a JDK: when no datasource URL is configured it starts
 * an embedded PostgreSQL, and when no {@code DISCORD_GUILD_ID} (nor {@code MEE6_GUILD_ID}) is given it starts the demo
 * leaderboard and points both XP sources' clients at it (MEE6's by default, Lurkr's with {@code XP_SOURCE=lurkr}).
 * Anything set in the environment or in application.properties wins. Dev mode only: tests bring their own database
 * ({@code PostgresTestResource}), and the Lambda build does not contain this class.
 */
public class LocalRunConfig implements ConfigSourceFactory {

    private static final Logger LOG = Logger.getLogger(LocalRunConfig.class);

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (LaunchMode.current() != LaunchMode.DEVELOPMENT) {
            return List.of();
        }
        Map<String, String> properties = new HashMap<>();
        if (isUnset(context.getValue("quarkus.datasource.jdbc.url"))) {
            properties.putAll(LocalPostgres.datasourceProperties());
        }
        if (isUnset(context.getValue("mee6.guild-id")) && isUnset(context.getValue("discord.guild-id"))) {
            String url = DemoLeaderboard.startOnce();
            properties.put("discord.guild-id", DemoLeaderboard.GUILD_ID);
            // one board in both shapes: XP_SOURCE picks which one the sync reads, as it would pick the bot
            properties.put("mee6.api-url", url);
            properties.put("mee6.page-size", "100");
            properties.put("lurkr.api-url", url);
            boolean lurkr = "lurkr".equalsIgnoreCase(valueOf(context.getValue("xp.source")).strip());
            String board = lurkr ? "in Lurkr's shape (XP_SOURCE=lurkr): " + url + "/levels/" + DemoLeaderboard.GUILD_ID
                    : "in MEE6's shape: " + url + "/plugins/levels/leaderboard/" + DemoLeaderboard.GUILD_ID;
            LOG.warn("""

                    *** DEMO LEADERBOARD ***
                    No DISCORD_GUILD_ID is set, so this dev run syncs a bundled demo leaderboard served %s
                    (members gain XP every run; one loses XP, one leaves and comes back, one is never on the board).
                    To sync a real guild: DISCORD_GUILD_ID=<your Discord server id> ./mvnw quarkus:dev
                    """.formatted(board));
        }
        return List.of(new MapBackedConfigSource("mee6-sync local run", properties, 50) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(50);
    }

    private static boolean isUnset(ConfigValue value) {
        return valueOf(value).isBlank();
    }

    private static String valueOf(ConfigValue value) {
        return value == null || value.getValue() == null ? "" : value.getValue();
    }
}
