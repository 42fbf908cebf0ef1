package dev.mee6sync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.mee6sync.text.Text;

/**
 * SQL in the application is built only from constants, with values bound as parameters: a static check of the
 * sources (no Quarkus needed), failing with the offending {@code file:line}. Rules:
 * <ol>
 * <li>no {@code createStatement()}: a plain {@code Statement} cannot bind parameters;</li>
 * <li>the SQL handed to {@code prepareStatement}, {@code prepareCall}, {@code createNativeQuery},
 * {@code createQuery}... is a compile-time constant: string literals, text blocks, {@code static final String}
 * constants made of those, joined with {@code +};</li>
 * <li>a Panache query ({@code find}, {@code list}, {@code update}...) is not built by joining or formatting text
 * with values;</li>
 * <li>no text that looks like SQL (upper-case keywords) is joined with a value or formatted
 * ({@code String.format}, {@code .formatted}), wherever it is, since it may reach the database later.</li>
 * </ol>
 * The second test feeds it code that breaks each rule, so a check that never fires cannot pass for a clean bill.
 */
class SqlBoundParametersTest {

    static final List<Path> SOURCES = List.of(Path.of("src/main/java"), Path.of("src/local/java"));

    @Test
    void applicationSqlIsConstantTextWithBoundParameters() throws IOException {
        List<String> problems = new ArrayList<>();
        int files = 0;
        int sqlCalls = 0;
        for (Path root : SOURCES) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path file : paths.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    Scan scan = new Scan(file.toString(), Files.readString(file));
                    problems.addAll(scan.problems);
                    sqlCalls += scan.sqlCalls;
                    files++;
                }
            }
        }
        System.out.printf("[reliability] SQL check: %d files, %d statements prepared from constant SQL%n", files,
                sqlCalls);
        assertThat(files).as("sources found (run from the project directory)").isGreaterThan(10);
        assertThat(sqlCalls).as("prepared statements found: the check looks where the SQL is").isGreaterThan(5);
        assertThat(problems).as("SQL built from values instead of bound parameters").isEmpty();
    }

    @Test
    void theCheckFindsSqlBuiltFromValues() {
        String bad = """
                class Bad {
                    static final String BY_ID = "SELECT * FROM member WHERE id = %d";
                    static final String BY_TABLE = "SELECT * FROM " + TABLE_NAME_FROM_ENV;
                    void a(Connection c, long id) { c.prepareStatement("SELECT * FROM member WHERE id = " + id); }
                    void b(Connection c, String table) { c.prepareStatement(String.format("SELECT * FROM %s", table)); }
                    void d(Connection c, long id) { c.prepareStatement(BY_ID.formatted(id)); }
                    void e(Connection c, long id) {
                        String sql = "DELETE FROM member WHERE id = " + id;
                        c.prepareStatement(sql);
                    }
                    void f(Connection c) { c.createStatement().execute("SELECT 1"); }
                    void g(EntityManager em, int v) { em.createNativeQuery("UPDATE member SET total_points = " + v); }
                    void h(String discordId) { find("discordId = '" + discordId + "'"); }
                    void i(Connection c) { c.prepareStatement(BY_TABLE); }
                }
                """;
        List<String> problems = new Scan("Bad.java", bad).problems;

        for (int line : List.of(3, 4, 5, 6, 8, 9, 11, 12, 13, 14)) {
            assertThat(problems).as("line %d of:%n%s%nfound: %s", line, bad, problems)
                    .anySatisfy(p -> assertThat(p).startsWith("Bad.java:" + line + ":"));
        }
    }

    @Test
    void theCheckAcceptsConstantSqlAndBoundValues() {
        String good = """
                class Good {
                    private static final String LOAD = \"""
                            SELECT id FROM member -- a comment with + signs
                            WHERE discord_id = ?
                            \""";
                    static final String TWO_PARTS = "SELECT 1 " + "FROM member";
                    void a(Connection c, String id) { try (var s = c.prepareStatement(LOAD)) { s.setString(1, id); } }
                    void b(Connection c) { c.prepareStatement("SELECT pg_try_advisory_lock(?)"); }
                    void d(Connection c) { c.prepareStatement(TWO_PARTS); }
                    void e(String discordId) { find("discordId", discordId); }
                    void f(long n) { LOG.infof("Deducted %d points from member %d", n, n); }
                    String g(long n) { return String.format("%d XP moved from the baseline", n); }
                    // c.prepareStatement("SELECT " + commented_out);
                }
                """;
        assertThat(new Scan("Good.java", good).problems).isEmpty();
    }

    /** One source file, tokenised (comments dropped, string literals and text blocks kept whole), then checked. */
    static final class Scan {

        static final Set<String> SQL_METHODS = Set.of("prepareStatement", "prepareCall", "createNativeQuery",
                "createQuery", "createSelectionQuery", "createMutationQuery", "nativeQuery");
        static final Set<String> PANACHE_METHODS = Set.of("find", "findAll", "list", "listAll", "stream", "count",
                "update", "delete", "exists");
        static final Pattern LOOKS_LIKE_SQL = Pattern.compile(
                "\\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|WHERE|VALUES|CREATE|DROP|ALTER|TRUNCATE)\\b");

        record Token(String text, boolean string, int line) {
        }

        final String file;
        final List<Token> tokens;
        final Set<String> constants = new HashSet<>();
        final List<String> problems = new ArrayList<>();
        int sqlCalls;

        Scan(String file, String source) {
            this.file = file;
            this.tokens = tokenise(source);
            findConstants();
            check();
        }

        private void check() {
            for (int i = 0; i < tokens.size(); i++) {
                Token token = tokens.get(i);
                boolean call = !token.string() && i + 1 < tokens.size() && tokens.get(i + 1).text().equals("(");
                if (call && token.text().equals("createStatement")) {
                    problem(token, "createStatement(): a plain Statement cannot bind parameters, use prepareStatement");
                }
                if (call && SQL_METHODS.contains(token.text())) {
                    sqlCalls++;
                    List<Token> argument = firstArgument(i + 1);
                    if (!isConstant(argument)) {
                        problem(token, token.text() + "(" + text(argument) + "): the SQL is not a constant");
                    }
                }
                if (call && PANACHE_METHODS.contains(token.text()) && !isConstant(firstArgument(i + 1))
                        && joinsOrFormatsText(firstArgument(i + 1))) {
                    problem(token, token.text() + "(" + text(firstArgument(i + 1)) + "): query text built from values");
                }
                if (token.string() && LOOKS_LIKE_SQL.matcher(token.text()).find() && builtFromValues(i)) {
                    problem(token, "SQL text joined with a value or formatted: " + abbreviate(token.text()));
                }
            }
        }

        /** {@code static final String NAME = <literals and other constants joined with +>;}, to a fixed point. */
        private void findConstants() {
            boolean found = true;
            while (found) {
                found = false;
                for (int i = 2; i + 2 < tokens.size(); i++) {
                    if (tokens.get(i).text().equals("String") && tokens.get(i + 2).text().equals("=")
                            && isStaticFinal(i) && !constants.contains(tokens.get(i + 1).text())) {
                        List<Token> value = new ArrayList<>();
                        for (int j = i + 3; j < tokens.size() && !tokens.get(j).text().equals(";"); j++) {
                            value.add(tokens.get(j));
                        }
                        if (isConstant(value)) {
                            constants.add(tokens.get(i + 1).text());
                            found = true;
                        }
                    }
                }
            }
        }

        private boolean isStaticFinal(int typeIndex) {
            Set<String> modifiers = new HashSet<>();
            for (int j = typeIndex - 1; j >= 0 && j >= typeIndex - 3; j--) {
                modifiers.add(tokens.get(j).text());
            }
            return modifiers.contains("static") && modifiers.contains("final");
        }

        /** Only string literals, constants, {@code +} and parentheses. */
        private boolean isConstant(List<Token> expression) {
            if (expression.isEmpty()) {
                return false;
            }
            for (Token token : expression) {
                boolean ok = token.string() || constants.contains(token.text())
                        || token.text().equals("+") || token.text().equals("(") || token.text().equals(")");
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        private static boolean joinsOrFormatsText(List<Token> expression) {
            boolean text = expression.stream().anyMatch(Token::string);
            boolean built = expression.stream().anyMatch(t -> !t.string() && (t.text().equals("+")
                    || t.text().equals("format") || t.text().equals("formatted")));
            return text && built;
        }

        /** The string at {@code i} is joined with a non-constant, formatted, or the format of String.format. */
        private boolean builtFromValues(int i) {
            Token before = i > 0 ? tokens.get(i - 1) : null;
            Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (after != null && after.text().equals(".") && i + 2 < tokens.size()
                    && tokens.get(i + 2).text().equals("formatted")) {
                return true;
            }
            if (before != null && before.text().equals("(") && i >= 4 && tokens.get(i - 2).text().equals("format")
                    && tokens.get(i - 3).text().equals(".") && tokens.get(i - 4).text().equals("String")) {
                return true;
            }
            if (after != null && after.text().equals("+") && !isConstantOperand(i + 2, +1)) {
                return true;
            }
            return before != null && before.text().equals("+") && !isConstantOperand(i - 2, -1);
        }

        /** The operand at {@code index} (walking in {@code direction}) is a literal or a constant, not a value. */
        private boolean isConstantOperand(int index, int direction) {
            if (index < 0 || index >= tokens.size()) {
                return false;
            }
            Token operand = tokens.get(index);
            if (operand.string()) {
                return true;
            }
            int next = index + direction;
            boolean partOfLongerExpression = next >= 0 && next < tokens.size()
                    && (tokens.get(next).text().equals(".") || tokens.get(next).text().equals("(")
                            || tokens.get(next).text().equals(")"));
            return constants.contains(operand.text()) && !partOfLongerExpression;
        }

        /** The tokens of the first argument of the call whose {@code (} is at {@code open}. */
        private List<Token> firstArgument(int open) {
            List<Token> argument = new ArrayList<>();
            int depth = 0;
            for (int j = open + 1; j < tokens.size(); j++) {
                String text = tokens.get(j).string() ? "" : tokens.get(j).text();
                if (depth == 0 && (text.equals(",") || text.equals(")"))) {
                    break;
                }
                if (text.equals("(")) {
                    depth++;
                } else if (text.equals(")")) {
                    depth--;
                }
                argument.add(tokens.get(j));
            }
            return argument;
        }

        private void problem(Token token, String what) {
            problems.add(file + ":" + token.line() + ": " + what);
        }

        private static String text(List<Token> expression) {
            StringBuilder text = new StringBuilder();
            for (Token token : expression) {
                text.append(token.string() ? abbreviate(token.text()) : token.text());
            }
            return text.toString();
        }

        private static String abbreviate(String literal) {
            return "\"" + Text.abbreviate(Text.oneLine(literal), 60) + "\"";
        }

        /** Identifiers, numbers and symbols; string and char literals and text blocks as one token; no comments. */
        static List<Token> tokenise(String source) {
            List<Token> tokens = new ArrayList<>();
            int line = 1;
            int i = 0;
            int n = source.length();
            while (i < n) {
                char c = source.charAt(i);
                if (c == '\n') {
                    line++;
                    i++;
                } else if (Character.isWhitespace(c)) {
                    i++;
                } else if (source.startsWith("//", i)) {
                    while (i < n && source.charAt(i) != '\n') {
                        i++;
                    }
                } else if (source.startsWith("/*", i)) {
                    int end = source.indexOf("*/", i + 2);
                    end = end < 0 ? n : end + 2;
                    line += count(source, i, end);
                    i = end;
                } else if (source.startsWith("\"\"\"", i)) {
                    int end = i + 3;
                    while (end < n && !(source.startsWith("\"\"\"", end) && source.charAt(end - 1) != '\\')) {
                        end++;
                    }
                    tokens.add(new Token(source.substring(i + 3, Math.min(end, n)), true, line));
                    line += count(source, i, Math.min(end + 3, n));
                    i = Math.min(end + 3, n);
                } else if (c == '"' || c == '\'') {
                    int end = i + 1;
                    while (end < n && source.charAt(end) != c) {
                        end += source.charAt(end) == '\\' ? 2 : 1;
                    }
                    String literal = source.substring(i + 1, Math.min(end, n));
                    // a char literal keeps its quotes, so that '(' is never taken for a parenthesis
                    tokens.add(c == '"' ? new Token(literal, true, line) : new Token("'" + literal + "'", false, line));
                    i = end + 1;
                } else if (Character.isJavaIdentifierStart(c) || Character.isDigit(c)) {
                    int end = i;
                    while (end < n && Character.isJavaIdentifierPart(source.charAt(end))) {
                        end++;
                    }
                    tokens.add(new Token(source.substring(i, end), false, line));
                    i = end;
                } else {
                    tokens.add(new Token(String.valueOf(c), false, line));
                    i++;
                }
            }
            return tokens;
        }

        private static int count(String source, int from, int to) {
            int lines = 0;
            for (int i = from; i < to; i++) {
                if (source.charAt(i) == '\n') {
                    lines++;
                }
            }
            return lines;
        }
    }
}
