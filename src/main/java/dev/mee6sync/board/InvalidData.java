package dev.mee6sync.board;

/** A page holds a value that cannot be trusted for points (a negative XP, an id that is no snowflake): permanent. */
public final class InvalidData extends RuntimeException {

    /** @param field where: {@code players[3].xp}; @param problem what: {@code missing (player 22)} */
    public InvalidData(String field, String problem) {
        super(field + ": " + problem, null, false, false);
    }
}
