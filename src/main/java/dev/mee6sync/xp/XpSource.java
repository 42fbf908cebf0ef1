package dev.mee6sync.xp;

import java.util.List;
import java.util.Optional;

/**
 * Where the members' XP comes from: the port the sync depends on. Each levelling bot's public leaderboard is an
 * adapter ({@code dev.mee6sync.mee6}, ...); the sync does not change with the source (docs/architecture.md).
 */
public interface XpSource {

    /** Its id in each reading's provenance ({@code discord_activity.source}): {@code mee6}, {@code lurkr}. */
    String id();

    /** Its name in messages and logs: {@code MEE6}. */
    String name();

    /** The Discord guild whose board is read, part of each reading's provenance; empty when not configured. */
    Optional<String> guildId();

    /** What is wrong with the source's configuration, each naming the setting to fix; empty when it can be read. */
    List<String> configurationProblems();

    /** How the source pages its board: what the sync plans a run's reads with. */
    Paging paging();

    /**
     * The XP of the requested accounts that the source holds, read in one complete pass: all or nothing (only the
     * sweep's slice may end early, see {@link XpRequest.Slice}). The caller checks {@link #configurationProblems()}
     * first; a source asked without a guild fails with {@code not-configured}.
     *
     * @throws XpSourceException when the board could not be read completely (nothing partial is returned)
     */
    XpSnapshot read(XpRequest request);
}
