package dev.mee6sync.xp;

import java.util.regex.Pattern;

/** A Discord id (a snowflake): a string of digits, kept as text (it outgrows a double). */
public final class Snowflake {

    /** Any 1 to 20 digits: what the format allows. */
    private static final Pattern SHOWN = Pattern.compile("[0-9]{1,20}");
    /** 15 to 20 digits (today's are 17 to 19), nothing else, not even a space. */
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{15,20}");

    private Snowflake() {
    }

    /** An id as a board or a setting shows it: any 1 to 20 digits. */
    public static boolean isWellFormed(String id) {
        return id != null && SHOWN.matcher(id).matches();
    }

    /** A member's linkable Discord account id ({@code member.discord_id}): 15 to 20 digits. */
    public static boolean isAccountId(String id) {
        return id != null && ACCOUNT.matcher(id).matches();
    }
}
