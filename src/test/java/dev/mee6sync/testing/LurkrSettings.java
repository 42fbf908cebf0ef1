package dev.mee6sync.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.mee6sync.lurkr.LurkrConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * A {@link LurkrConfig} for one test: the Lurkr stand-in, no page delay, quick retries, overridden one by one. Keys
 * without the {@code lurkr.} prefix.
 */
public final class LurkrSettings {

    private final Map<String, String> values = new HashMap<>();

    private LurkrSettings() {
    }

    public static LurkrSettings defaults() {
        LurkrSettings settings = new LurkrSettings();
        settings.with("api-url", LurkrStandIn.get().baseUrl()).with("page-delay", "0s")
                .with("connect-timeout", "2s").with("read-timeout", "2s").with("retry.max-attempts", "3")
                .with("retry.initial-delay", "10ms").with("retry.max-delay", "100ms")
                .with("retry.max-retry-after", "3s").with("retry.max-duration", "20s");
        return settings;
    }

    /** Nothing set: the mapping's own defaults. */
    public static LurkrSettings none() {
        return new LurkrSettings();
    }

    public LurkrSettings with(String key, String value) {
        values.put("lurkr." + key, value);
        return this;
    }

    public LurkrConfig build() {
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(LurkrConfig.class)
                .withSources(new PropertiesConfigSource(values, "test settings", 500))
                .build()
                .getConfigMapping(LurkrConfig.class);
    }
}
