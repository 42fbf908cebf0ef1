package dev.mee6sync.mee6;

import java.time.Duration;

/** Durations written the way an operator sets them ({@code 1500ms}, {@code 30s}, {@code 3m}). */
final class Durations {

    private Durations() {
    }

    static String human(Duration duration) {
        long ms = duration.toMillis();
        if (ms < 1000 || ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
