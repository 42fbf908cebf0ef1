package dev.mee6sync.sync;

import java.util.Locale;

/** What an operator decided about a refused mass change, by a manual invocation ({@code "massChange": ...}). */
public enum MassChangeAction {
    /** An admin really changed that XP: write what the sync computes, deductions included. */
    APPLY,
    /** The readings cannot be compared with earlier ones (a reset, a broken board): start a new epoch. */
    REBASELINE;

    public static final String OPTION = "massChange";

    /** The option's value, or null when absent; throws with the accepted values when it is neither. */
    public static MassChangeAction parse(String value) {
        if (value == null) {
            return null;
        }
        for (MassChangeAction action : values()) {
            if (action.word().equals(value)) {
                return action;
            }
        }
        throw new IllegalArgumentException("massChange must be \"apply\" or \"rebaseline\", got '" + value + "'");
    }

    /** How it is written in events and stats. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
