package dev.mee6sync.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The sources against two rules of the code's shape: no line is wider than {@value #MAX_COLUMNS} columns, and nothing
 * in the application points outside the repository (an issue number, an address that is not the project's).
 */
class SourceLinesTest {

    static final int MAX_COLUMNS = 120;
    static final List<Path> SOURCES = List.of(Path.of("src", "main", "java"), Path.of("src", "test", "java"),
            Path.of("src", "local", "java"));

    /** The application's code and resources; the migrations are frozen (Flyway checksums them). */
    static final List<Path> APPLICATION = List.of(Path.of("src", "main", "java"), Path.of("src", "main", "resources"));
    static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");
    /** "issue 12", "issues 19 and 20": a tracker this repository does not hold. */
    static final Pattern ISSUE = Pattern.compile("(?i)\\bissues? #?\\d+");
    /** "#12" in a comment. */
    static final Pattern ISSUE_REFERENCE = Pattern.compile("(?<![\\w&#])#\\d+\\b");
    /** An address given as the project's that is not. */
    static final Pattern FOREIGN_PROJECT = Pattern.compile("github\\.com/mee6-sync");

    @Test
    void noLineIsWiderThan120Columns() {
        List<String> problems = new ArrayList<>();
        for (Path file : files(SOURCES, ".java")) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                int columns = lines.get(i).codePointCount(0, lines.get(i).length());
                if (columns > MAX_COLUMNS) {
                    problems.add(file + ":" + (i + 1) + " is " + columns + " columns wide");
                }
            }
        }
        assertThat(problems).as("lines wider than %d columns: wrap them", MAX_COLUMNS).isEmpty();
    }

    @Test
    void theApplicationPointsNowhereOutsideTheRepository() {
        List<String> problems = new ArrayList<>();
        for (Path file : files(APPLICATION, "")) {
            if (file.startsWith(MIGRATIONS)) {
                continue;
            }
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = file + ":" + (i + 1);
                if (ISSUE.matcher(line).find() || ISSUE_REFERENCE.matcher(comment(line)).find()) {
                    problems.add(where + " names an issue: say what it means, or link into docs/");
                }
                if (FOREIGN_PROJECT.matcher(line).find()) {
                    problems.add(where + " names github.com/mee6-sync, which is not this project's address");
                }
            }
        }
        assertThat(problems).as("references outside the repository").isEmpty();
    }

    /** The comment part of a line: all of a Javadoc or block comment line, else what follows {@code //}. */
    private static String comment(String line) {
        String text = line.strip();
        if (text.startsWith("*") || text.startsWith("/*") || text.startsWith("#")) {
            return text;
        }
        int slashes = line.indexOf("//");
        return slashes < 0 ? "" : line.substring(slashes);
    }

    private static List<Path> files(List<Path> roots, String ending) {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(ending)).sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(files).as("files under %s (run from the project's root)", roots).isNotEmpty();
        return files;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not UTF-8 text", e);
        }
    }
}
