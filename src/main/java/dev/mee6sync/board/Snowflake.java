package dev.mee6sync.board;

import java.util.regex.Pattern;

/** A Discord id as the boards and settings give it: a string of digits, kept as text (it outgrows a double). */
public final class Snowflake {

    /** 17 to 20 digits today; any 1 to 20 digits fit the format. */
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,20}");

    private Snowflake() {
    }

    public static boolean matches(String id) {
        return id != null && DIGITS.matcher(id).matches();
    }
}
