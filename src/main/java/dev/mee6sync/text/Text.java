package dev.mee6sync.text;

/** Text shown to operators: values cut to a length a log line (or a Sentry tag) can hold. */
public final class Text {

    private Text() {
    }

    /** {@code text} itself when it has at most {@code max} characters, else its first {@code max} and "...". */
    public static String abbreviate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "...";
    }

    /** {@code text} on one line: each run of white space as one space, trimmed; empty for null. */
    public static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}
