package dev.mee6sync.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the application's MEE6 client at {@link Mee6StandIn} in every {@code @QuarkusTest}. */
public class Mee6StandInResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("mee6.api-url", Mee6StandIn.get().baseUrl());
    }

    @Override
    public void stop() {
        // the stand-in lives as long as the test JVM (a shutdown hook stops it), shared by every test class
    }
}
