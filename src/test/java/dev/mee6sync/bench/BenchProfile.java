package dev.mee6sync.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.mee6sync.board.RetryConfig;
import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.mee6.Mee6Config;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.smallrye.config.WithDefault;

/**
 * The application as it runs in production, except where the benchmark says otherwise: MEE6 at the sidecar with no
 * page delay, pages of 1,000, INFO logs (the test profile's per-member DEBUG lines would be measured too), and
 * Lambda's two database connections. Where the test profile changes a {@code mee6.*} default (batch size, timeouts,
 * retries), the production default comes back; {@code -Dbench.batch-size} chooses another batch size. No global test
 * resources (WireMock, the Sentry stand-in): only {@link BenchResource}.
 */
public class BenchProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        // the test profile's quick MEE6 settings, back to production's
        config.put("mee6.batch-size", productionDefault(SyncConfig.class, "batchSize"));
        config.put("mee6.connect-timeout", productionDefault(Mee6Config.class, "connectTimeout"));
        config.put("mee6.read-timeout", productionDefault(Mee6Config.class, "readTimeout"));
        config.put("mee6.retry.max-attempts", productionDefault(RetryConfig.class, "maxAttempts"));
        config.put("mee6.retry.initial-delay", productionDefault(RetryConfig.class, "initialDelay"));
        config.put("mee6.retry.max-delay", productionDefault(RetryConfig.class, "maxDelay"));
        config.put("mee6.retry.max-retry-after", productionDefault(RetryConfig.class, "maxRetryAfter"));
        config.put("mee6.retry.max-duration", productionDefault(RetryConfig.class, "maxDuration"));
        config.put("quarkus.log.category.\"dev.mee6sync\".level", "INFO");
        config.put("quarkus.datasource.jdbc.max-size", "2");
        // what the benchmark sets on purpose
        config.put("mee6.sync-enabled", "true");
        config.put("mee6.page-size", "1000");
        config.put("mee6.page-delay", "0s");
        String batchSize = System.getProperty("bench.batch-size", "");
        if (!batchSize.isBlank()) {
            config.put("mee6.batch-size", batchSize.trim());
        }
        return config;
    }

    /**
     * The {@code @WithDefault} of a {@link Mee6Config}, {@link RetryConfig} or {@link SyncConfig} property: what
     * production runs with when nothing is set.
     */
    private static String productionDefault(Class<?> mapping, String method) {
        try {
            return mapping.getMethod(method).getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(mapping.getSimpleName() + "." + method + " is gone", e);
        }
    }

    /**
     * The same application reading Lurkr's board ({@code XP_SOURCE=lurkr}, pages of 100) at the sidecar, no page
     * delay: the paging benchmark's Lurkr rows. Nested, so that its tests run after the others (Quarkus orders test
     * classes by profile name).
     */
    public static class Lurkr extends BenchProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("xp.source", "lurkr");
            config.put("lurkr.page-delay", "0s");
            return config;
        }
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(BenchResource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
