package dev.mee6sync.text;

import java.time.Duration;

/** Durations as an operator reads and sets them: {@code 500ms}, {@code 30s}, {@code 24h}, {@code 8m 20s}. */
public final class Durations {

    private Durations() {
    }

    /** Exact to the millisecond, largest units first, zero units left out; {@code 0ms} for zero. */
    public static String human(Duration duration) {
        if (duration.isNegative()) {
            return "-" + human(duration.negated());
        }
        long ms = duration.toMillis();
        StringBuilder text = new StringBuilder();
        append(text, ms / 3_600_000, "h");
        append(text, ms / 60_000 % 60, "m");
        append(text, ms / 1000 % 60, "s");
        append(text, ms % 1000, "ms");
        return text.length() == 0 ? "0ms" : text.toString();
    }

    private static void append(StringBuilder text, long value, String unit) {
        if (value != 0) {
            text.append(text.length() == 0 ? "" : " ").append(value).append(unit);
        }
    }
}
