package dev.mee6sync.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The project's Markdown documentation, as the doc tests read it (paths relative to the project's root). */
final class Docs {

    /** Every Markdown file a reader is pointed to: the root's, and those of docs/, infra/ and bench/. */
    static List<Path> markdownFiles() {
        List<Path> files = new ArrayList<>();
        for (String root : List.of("README.md", "CHANGELOG.md")) {
            if (Files.exists(Path.of(root))) {
                files.add(Path.of(root));
            }
        }
        for (String dir : List.of("docs", "infra", "bench")) {
            try (Stream<Path> walk = Files.walk(Path.of(dir))) {
                walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text outside fenced code blocks (their lines are blanked, so line numbers stay). */
    static String withoutCodeBlocks(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                out.append('\n');
                continue;
            }
            out.append(fenced ? "" : line).append('\n');
        }
        return out.toString();
    }

    private Docs() {
    }
}
