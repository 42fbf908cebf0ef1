package dev.mee6sync.packaging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Whether a function zip holds the entry point its template's runtime starts, as Lambda unpacks it to /var/task:
 * <ul>
 * <li>{@code provided.al2023} (the native image): an executable file {@code bootstrap} at the zip's root, and no
 * Java ({@code lib/}, jars or classes: a JVM build's zip);</li>
 * <li>{@code java*}: the handler class on the classpath the Java runtime builds (the zip's root and
 * {@code lib/*.jar}), with the application's own classes, and no {@code bootstrap} (a native build's zip).</li>
 * </ul>
 * The unix mode comes from the zip's central directory, which {@link ZipEntry} does not expose.
 */
final class EntryPoint {

    /** The application's own classes, at the zip's root in the JVM build (Quarkus' legacy jar, unpacked). */
    static final String APPLICATION_PACKAGE = "dev/mee6sync/";

    private EntryPoint() {
    }

    /** What is wrong with the zip for that runtime and handler; empty when Lambda can start it. */
    static List<String> problems(Path zip, String runtime, String handler) throws IOException {
        Map<String, Integer> entries = unixModes(zip);
        if (runtime.startsWith("provided")) {
            return nativeProblems(zip, entries);
        }
        if (runtime.startsWith("java")) {
            return javaProblems(zip, entries, handler);
        }
        return List.of(runtime + ": no entry-point check for this runtime");
    }

    private static List<String> nativeProblems(Path zip, Map<String, Integer> entries) {
        List<String> problems = new ArrayList<>();
        Integer mode = entries.get("bootstrap");
        if (mode == null) {
            problems.add(zip + " has no bootstrap at its root: " + runtime("provided.al2023")
                    + " starts /var/task/bootstrap (build it with ./mvnw -B verify -Dnative"
                    + " -Dquarkus.native.container-build=true)");
        } else if (mode < 0 || (mode & 0111) == 0) {
            problems.add(zip + ": bootstrap is not executable (unix mode "
                    + (mode < 0 ? "absent" : Integer.toOctalString(mode & 07777)) + "): Lambda cannot start it");
        }
        List<String> java = entries.keySet().stream()
                .filter(n -> n.startsWith("lib/") || n.endsWith(".jar") || n.endsWith(".class")).limit(3).toList();
        if (!java.isEmpty()) {
            problems.add(zip + " holds Java (" + String.join(", ", java) + "...): a JVM build's zip, which "
                    + runtime("provided.al2023") + " cannot run (deploy it with infra/template-jvm.yaml)");
        }
        return problems;
    }

    private static List<String> javaProblems(Path zip, Map<String, Integer> entries, String handler)
            throws IOException {
        List<String> problems = new ArrayList<>();
        if (entries.containsKey("bootstrap")) {
            problems.add(zip + " has a bootstrap at its root: a native build's zip, which the Java runtime ignores"
                    + " (deploy it with template.yaml; the JVM build is ./mvnw -B verify)");
        }
        String handlerClass = handler.split("::")[0].replace('.', '/') + ".class";
        List<String> classpath = javaClasspath(zip, entries);
        if (!classpath.contains(handlerClass)) {
            problems.add(zip + ": the handler " + handler + " is not on the Java runtime's classpath (the zip's root"
                    + " and lib/*.jar)");
        }
        if (classpath.stream().noneMatch(n -> n.startsWith(APPLICATION_PACKAGE) && n.endsWith(".class"))) {
            problems.add(zip + ": no application classes (" + APPLICATION_PACKAGE + "...) on the classpath");
        }
        return problems;
    }

    /** The class files Lambda's Java runtime sees: the zip's root, then each lib/*.jar. */
    private static List<String> javaClasspath(Path zip, Map<String, Integer> entries) throws IOException {
        List<String> classes = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (String name : entries.keySet()) {
                if (name.endsWith(".class") && !name.startsWith("lib/")) {
                    classes.add(name);
                } else if (name.startsWith("lib/") && name.endsWith(".jar") && name.indexOf('/', 4) < 0) {
                    classes.addAll(jarEntries(file, file.getEntry(name)));
                }
            }
        }
        return classes;
    }

    /** The entries of a jar inside the zip, read in place. */
    static List<String> jarEntries(ZipFile outer, ZipEntry jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(outer.getInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private static String runtime(String name) {
        return "the " + name + " runtime";
    }

    /**
     * Every entry's name and unix mode (-1 when the entry carries none), from the central directory: the "version
     * made by" host (3 is Unix) and the high 16 bits of the external attributes.
     */
    static Map<String, Integer> unixModes(Path zip) throws IOException {
        ByteBuffer buffer;
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = channel.size();
            int tail = (int) Math.min(size, 22 + 65535);
            ByteBuffer end = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(end, size - tail);
            int eocd = -1;
            for (int i = tail - 22; i >= 0; i--) {
                if (end.getInt(i) == 0x06054b50) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                throw new IOException(zip + " is not a zip file (no end of central directory)");
            }
            long directorySize = Integer.toUnsignedLong(end.getInt(eocd + 12));
            long directoryOffset = Integer.toUnsignedLong(end.getInt(eocd + 16));
            if (directoryOffset == 0xFFFFFFFFL || directorySize == 0xFFFFFFFFL) {
                throw new IOException(zip + " is a zip64 archive: too large for a Lambda zip");
            }
            buffer = ByteBuffer.allocate((int) directorySize).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(buffer, directoryOffset);
        }
        Map<String, Integer> modes = new LinkedHashMap<>();
        int at = 0;
        while (at + 46 <= buffer.limit() && buffer.getInt(at) == 0x02014b50) {
            int madeBy = (buffer.getShort(at + 4) >> 8) & 0xFF;
            int nameLength = buffer.getShort(at + 28) & 0xFFFF;
            int extraLength = buffer.getShort(at + 30) & 0xFFFF;
            int commentLength = buffer.getShort(at + 32) & 0xFFFF;
            int external = buffer.getInt(at + 38);
            byte[] name = new byte[nameLength];
            buffer.get(at + 46, name);
            modes.put(new String(name, StandardCharsets.UTF_8), madeBy == 3 ? (external >>> 16) & 0xFFFF : -1);
            at += 46 + nameLength + extraLength + commentLength;
        }
        return modes;
    }
}
