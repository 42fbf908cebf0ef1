package dev.mee6sync.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.mee6sync.infra.CloudFormationYaml;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface;
import io.smallrye.config.ConfigMappings;

/**
 * docs/configuration.md against the code: every setting the application reads is documented there with its default,
 * and every variable of ours that any document names is one the application reads.
 * <p>
 * The settings are found in the compiled classes, not listed here: each {@code @ConfigMapping} interface (nested
 * groups included, through SmallRye's own naming) and each {@code @ConfigProperty} injection point. A setting someone
 * adds is caught without editing this test.
 */
class DocumentedSettingsTest {

    static final Path CONFIGURATION = Path.of("docs", "configuration.md");
    static final Path CLASSES = Path.of("target", "classes");

    /** What a variable of ours looks like in prose. */
    static final Pattern OUR_VARIABLE = Pattern
            .compile("(?<![A-Za-z0-9_])(?:MEE6|SENTRY|LURKR|XP|DISCORD)_[A-Z0-9_]*[A-Z0-9]");
    /** {@code ${NAME:default}} in a default value: the default is what applies unless NAME is set. */
    static final Pattern EXPRESSION = Pattern.compile("\\$\\{[^:}]+:([^}]*)}");

    /** A setting the application reads: its property, its environment variable, its default, and who reads it. */
    record Setting(String property, String variable, String defaultValue, String readBy) {
    }

    @Test
    void everySettingIsDocumentedWithItsDefault() {
        assertThat(CONFIGURATION).as("the configuration reference").isRegularFile();
        Map<String, Setting> settings = settings();
        assertThat(settings).as("settings found in %s (is the project compiled?)", CLASSES)
                .containsKeys("MEE6_GUILD_ID", "MEE6_RETRY_MAX_ATTEMPTS", "MEE6_MASS_CHANGE_SHARE", "SENTRY_DSN",
                        "SENTRY_MONITOR_SLUG", "MEE6_SECRETS_EXTENSION_URL");
        Map<String, List<String>> rows = rowsByVariable(Docs.read(CONFIGURATION));

        List<String> problems = new ArrayList<>();
        for (Setting setting : settings.values()) {
            List<String> found = rows.getOrDefault(setting.variable(), List.of());
            if (found.isEmpty()) {
                problems.add(setting.variable() + " (" + setting.property() + ", read by " + setting.readBy()
                        + ") is not documented: add a table row for it to " + CONFIGURATION + " with its default"
                        + (setting.defaultValue() == null ? "" : " `" + setting.defaultValue() + "`")
                        + " and what it does");
                continue;
            }
            if (found.size() > 1) {
                problems.add(setting.variable() + " has " + found.size() + " rows in " + CONFIGURATION
                        + ": keep one");
            }
            String row = found.get(0);
            if (!row.contains("`" + setting.property() + "`")) {
                problems.add("The row of " + setting.variable() + " in " + CONFIGURATION + " does not name its "
                        + "property `" + setting.property() + "`: " + row);
            }
            if (setting.defaultValue() != null && !row.contains("`" + setting.defaultValue() + "`")) {
                problems.add("The row of " + setting.variable() + " in " + CONFIGURATION + " does not show its "
                        + "default `" + setting.defaultValue() + "` (in " + setting.readBy() + "): " + row);
            }
        }
        assertThat(problems).as("docs/configuration.md against the code").isEmpty();
    }

    @Test
    void everyVariableTheDocsNameIsReadByTheApplication() {
        Set<String> known = settings().keySet();
        List<String> problems = new ArrayList<>();
        for (Path doc : Docs.markdownFiles()) {
            if (doc.equals(Path.of("CHANGELOG.md"))) {
                continue; // it names the settings of past versions on purpose
            }
            String[] lines = Docs.read(doc).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher variable = OUR_VARIABLE.matcher(lines[i]);
                while (variable.find()) {
                    if (!known.contains(variable.group())) {
                        problems.add(doc + ":" + (i + 1) + " names " + variable.group() + ", which no @ConfigMapping "
                                + "or @ConfigProperty of the application reads: remove it there, or add the setting "
                                + "to the code");
                    }
                }
            }
        }
        assertThat(problems).as("variables named in the docs").isEmpty();
    }

    @Test
    void everyVariableTheTemplatesSetIsDocumented() throws IOException {
        assertThat(CONFIGURATION).as("the configuration reference").isRegularFile();
        Set<String> documented = rowsByVariable(Docs.read(CONFIGURATION)).keySet();
        List<String> problems = new ArrayList<>();
        for (Path template : List.of(Path.of("template.yaml"), Path.of("infra", "template-jvm.yaml"))) {
            for (String variable : templateVariables(template)) {
                if (!documented.contains(variable)) {
                    problems.add(template + " sets " + variable + ": add a table row for it to " + CONFIGURATION);
                }
            }
        }
        assertThat(problems).as("variables the templates set").isEmpty();
    }

    /** Every setting the compiled application reads, by environment variable. */
    static Map<String, Setting> settings() {
        Map<String, Setting> settings = new TreeMap<>();
        for (Class<?> type : applicationClasses()) {
            ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
            if (mapping != null) {
                Map<String, ConfigMappingInterface.Property> properties = ConfigMappings
                        .getProperties(new ConfigMappings.ConfigClass(type, mapping.prefix()));
                properties.forEach((name, property) -> {
                    String defaultValue = property.hasDefaultValue() ? expand(property.getDefaultValue()) : null;
                    settings.put(variable(name), new Setting(name, variable(name), defaultValue,
                            type.getSimpleName()));
                });
            }
            for (AnnotatedElement element : injectionPoints(type)) {
                ConfigProperty property = element.getAnnotation(ConfigProperty.class);
                if (property != null) {
                    settings.putIfAbsent(variable(property.name()),
                            new Setting(property.name(), variable(property.name()), null, type.getSimpleName()));
                }
            }
        }
        return settings;
    }

    /** SmallRye's environment-variable form: {@code mee6.retry.max-attempts} is {@code MEE6_RETRY_MAX_ATTEMPTS}. */
    static String variable(String property) {
        return property.replace("*", "<NAME>").toUpperCase().replaceAll("[^A-Z0-9<>]", "_");
    }

    private static String expand(String value) {
        return EXPRESSION.matcher(value).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    }

    /** The Markdown table rows of the file whose first cell names a variable, by variable. */
    static Map<String, List<String>> rowsByVariable(String markdown) {
        Map<String, List<String>> rows = new TreeMap<>();
        for (String line : Docs.withoutCodeBlocks(markdown).split("\n")) {
            if (!line.startsWith("|")) {
                continue;
            }
            String[] cells = line.split("\\|", -1);
            Matcher variable = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(cells.length > 1 ? cells[1] : "");
            while (variable.find()) {
                rows.computeIfAbsent(variable.group(1), v -> new ArrayList<>()).add(line);
            }
        }
        return rows;
    }

    private static Set<String> templateVariables(Path template) throws IOException {
        Set<String> variables = new TreeSet<>();
        Map<String, Object> resources = map(CloudFormationYaml.load(template).get("Resources"));
        for (Object resource : resources.values()) {
            Map<String, Object> properties = map(map(resource).get("Properties"));
            Map<String, Object> environment = map(properties.get("Environment"));
            variables.addAll(map(environment.get("Variables")).keySet());
        }
        return variables;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<Class<?>> applicationClasses() {
        List<Class<?>> classes = new ArrayList<>();
        ClassLoader loader = DocumentedSettingsTest.class.getClassLoader();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = CLASSES.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".")
                        .replaceAll("\\.class$", "");
                if (name.endsWith("module-info") || name.endsWith("package-info")) {
                    continue;
                }
                try {
                    classes.add(Class.forName(name, false, loader));
                } catch (ClassNotFoundException | LinkageError e) {
                    // a class that cannot be loaded here (a dependency only some builds have) reads no setting here
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list " + CLASSES + ": run the tests through Maven", e);
        }
        return classes;
    }

    private static List<AnnotatedElement> injectionPoints(Class<?> type) {
        List<AnnotatedElement> points = new ArrayList<>();
        try {
            points.addAll(List.of(type.getDeclaredFields()));
            List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredConstructors()));
            executables.addAll(List.of(type.getDeclaredMethods()));
            for (Executable executable : executables) {
                for (Parameter parameter : executable.getParameters()) {
                    points.add(parameter);
                }
            }
        } catch (LinkageError e) {
            // as above
        }
        return points;
    }
}
