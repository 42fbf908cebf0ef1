package dev.mee6sync.mee6;

import java.util.Map;
import java.util.Optional;

/**
 * The XP of the requested members that are on the leaderboard, read in one complete fetch. A member missing from
 * {@link #members()} was not on the leaderboard. Immutable.
 */
public record Mee6Snapshot(Map<String, MemberXp> members, FetchFacts facts) {

    public Mee6Snapshot {
        members = Map.copyOf(members);
    }

    public Optional<MemberXp> find(String discordId) {
        return Optional.ofNullable(members.get(discordId));
    }
}
