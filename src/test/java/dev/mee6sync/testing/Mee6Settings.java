package dev.mee6sync.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.mee6sync.mee6.Mee6Config;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * A {@link Mee6Config} for one test, without restarting Quarkus: the test profile's MEE6 settings (the stand-in, no
 * page delay, quick retries), overridden one by one. Keys without the {@code mee6.} prefix.
 */
public final class Mee6Settings {

    private final Map<String, String> values = new HashMap<>();

    private Mee6Settings() {
    }

    private Mee6Settings withTestProfileValues() {
        values.put("mee6.api-url", Mee6StandIn.get().baseUrl());
        values.put("mee6.guild-id", Mee6StandIn.GUILD_ID);
        values.put("mee6.page-size", "100");
        values.put("mee6.page-delay", "0s");
        values.put("mee6.connect-timeout", "2s");
        values.put("mee6.read-timeout", "2s");
        values.put("mee6.retry.max-attempts", "3");
        values.put("mee6.retry.initial-delay", "10ms");
        values.put("mee6.retry.max-delay", "100ms");
        values.put("mee6.retry.max-retry-after", "3s");
        values.put("mee6.retry.max-duration", "20s");
        return this;
    }

    public static Mee6Settings defaults() {
        return new Mee6Settings().withTestProfileValues();
    }

    /** Nothing set: the mapping's own defaults, as a deployment without any MEE6_* variable gets them. */
    public static Mee6Settings none() {
        return new Mee6Settings();
    }

    /** {@code with("page-size", "3")}, {@code with("retry.max-attempts", "1")}. */
    public Mee6Settings with(String key, String value) {
        values.put("mee6." + key, value);
        return this;
    }

    public Mee6Settings without(String key) {
        values.remove("mee6." + key);
        return this;
    }

    public Mee6Config build() {
        return new SmallRyeConfigBuilder()
                // Quarkus' duration syntax ("500ms", "3m"), also used by the mapping's defaults; plain SmallRye
                // Config only knows ISO-8601 ("PT0.5S")
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(Mee6Config.class)
                .withSources(new PropertiesConfigSource(values, "test settings", 500))
                .build()
                .getConfigMapping(Mee6Config.class);
    }
}
