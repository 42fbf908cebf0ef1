package dev.mee6sync.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.mee6sync.config.Mee6Config;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** A {@link Mee6Config} parsed by SmallRye Config from the given properties (defaults for the rest), as in the app. */
public final class Configs {

    private Configs() {
    }

    public static Mee6Config mee6(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus' "1s", "200ms" syntax
                .withMapping(Mee6Config.class)
                .withSources(new PropertiesConfigSource(new HashMap<>(values), "test", 500))
                .build()
                .getConfigMapping(Mee6Config.class);
    }
}
