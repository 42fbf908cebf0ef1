package dev.mee6sync.board;

/** Text shown to operators: values cut to a length a log line can hold. */
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
}
