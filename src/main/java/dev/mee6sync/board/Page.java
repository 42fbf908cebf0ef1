package dev.mee6sync.board;

import java.util.List;

/**
 * One page as the reader uses it, whatever the source's shape.
 *
 * @param players      the page's players in rank order, each validated
 * @param maxXpPerHour the most XP a member can gain in an hour by the XP rate the page publishes; null when it does
 *                     not publish all it takes
 */
public record Page(List<Player> players, Long maxXpPerHour) {

    public Page {
        players = List.copyOf(players);
    }

    /** A ranked player: a Discord snowflake, kept as the string the source sent, and its total XP. */
    public record Player(String id, long xp) {
    }
}
