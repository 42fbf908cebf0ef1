package dev.mee6sync.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mee6sync.lambda.RunRequests;
import dev.mee6sync.lambda.LambdaEvent;
import dev.mee6sync.testing.Events;

/**
 * The sample events and the links of the docs against the files: every {@code infra/events/} file is an event the
 * handler accepts and that the docs mention, every {@code infra/events/...} path the docs name exists, and every
 * relative link of the docs leads to a file (and heading) that exists. What each sample event does when run is
 * {@code InfraEventsTest}'s part.
 */
class DocumentedFilesTest {

    static final Path EVENTS = Path.of("infra", "events");
    /** A path into infra/events named in prose or code ({@code *} allowed, as in {@code mass-change-*-event.json}). */
    static final Pattern EVENT_PATH = Pattern.compile("infra/events/([A-Za-z0-9._*-]+)");
    /** An inline link or image: {@code [text](target "title")}. */
    static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\)");
    /** A reference definition: {@code [label]: target}. */
    static final Pattern REFERENCE = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s.*)?$");

    @Test
    void everySampleEventIsAcceptedAndDocumented() throws IOException {
        RunRequests requests = Events.requests();
        ObjectMapper json = new ObjectMapper();
        String docs = allDocs();
        List<String> problems = new ArrayList<>();
        List<Path> events = sampleEvents();
        assertThat(events).as("files in %s", EVENTS).isNotEmpty();
        for (Path event : events) {
            String name = event.getFileName().toString();
            try {
                requests.from(json.readValue(event.toFile(), LambdaEvent.class));
            } catch (RuntimeException | IOException e) {
                problems.add(event + " is not an event the function accepts: " + e.getMessage());
            }
            if (!docs.contains(name)) {
                problems.add(event + " is named in no document: say what it is for (infra/OPERATE.md, \"The events\"), "
                        + "or delete it");
            }
        }
        assertThat(problems).as("the sample events").isEmpty();
    }

    @Test
    void everyEventPathTheDocsNameExists() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path doc : Docs.markdownFiles()) {
            String[] lines = Docs.read(doc).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher path = EVENT_PATH.matcher(lines[i]);
                while (path.find()) {
                    String name = path.group(1).replaceAll("[.]+$", ""); // a sentence's full stop
                    if (!exists(name)) {
                        problems.add(doc + ":" + (i + 1) + " names infra/events/" + name + ", which does not exist: "
                                + "fix the name, or add the event");
                    }
                }
            }
        }
        assertThat(problems).as("infra/events paths in the docs").isEmpty();
    }

    @Test
    void everyRelativeLinkResolves() {
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path doc : Docs.markdownFiles()) {
            String[] lines = Docs.withoutCodeBlocks(Docs.read(doc)).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].replaceAll("`[^`]*`", "``"); // links inside code spans are text
                for (String target : targets(line)) {
                    String problem = check(doc, target, anchors);
                    if (problem != null) {
                        problems.add(doc + ":" + (i + 1) + " links to " + target + ": " + problem);
                    }
                }
            }
        }
        assertThat(problems).as("relative links in the docs").isEmpty();
    }

    private static List<String> targets(String line) {
        List<String> targets = new ArrayList<>();
        for (Pattern pattern : List.of(LINK, REFERENCE)) {
            Matcher link = pattern.matcher(line);
            while (link.find()) {
                targets.add(link.group(1));
            }
        }
        return targets;
    }

    /** What is wrong with a link of {@code doc}; null when it leads somewhere. */
    private static String check(Path doc, String target, Map<Path, Set<String>> anchors) {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null; // https:, mailto: ...: not checked here
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path file = path.isEmpty() ? doc : resolve(doc, path);
        if (!Files.exists(file)) {
            return "no such file " + file;
        }
        if (anchor != null && file.toString().endsWith(".md")
                && !anchors.computeIfAbsent(file, DocumentedFilesTest::headings).contains(anchor)) {
            return "no heading #" + anchor + " in " + file + " (headings: " + anchors.get(file) + ")";
        }
        if (anchor != null && !file.toString().endsWith(".md") && !anchor.matches("L\\d+(-L\\d+)?")) {
            return "an anchor into a file that is not Markdown";
        }
        return null;
    }

    private static Path resolve(Path doc, String path) {
        Path parent = doc.getParent() == null ? Path.of("") : doc.getParent();
        return parent.resolve(path.replace("%20", " ")).normalize();
    }

    /** GitHub's anchors of a Markdown file's headings. */
    static Set<String> headings(Path file) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : Docs.withoutCodeBlocks(Docs.read(file)).split("\n")) {
            Matcher heading = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    /** GitHub's slug: lower case, punctuation dropped (hyphens and underscores kept), spaces as hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").replace("`", "");
        return text.toLowerCase().replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static boolean exists(String name) throws IOException {
        if (!name.contains("*")) {
            return Files.isRegularFile(EVENTS.resolve(name));
        }
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + name);
        return sampleEvents().stream().anyMatch(p -> glob.matches(p.getFileName()));
    }

    private static List<Path> sampleEvents() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String allDocs() {
        StringBuilder all = new StringBuilder();
        for (Path doc : Docs.markdownFiles()) {
            all.append(Docs.read(doc)).append('\n');
        }
        return all.toString();
    }
}
