package dev.mee6sync.xp;

import java.util.List;
import java.util.Optional;

/**
 * Where the members' XP comes from: the port the sync depends on. MEE6's public leaderboard is today's adapter
 * ({@code dev.mee6sync.mee6.Mee6XpSource}); another levelling bot would be another adapter, and the sync would not
 * change.
 */
public interface XpSource {

    /** The source's name in messages and logs: {@code "MEE6"}. */
    String name();

    /**
     * The scope every reading of this source belongs to: for a levelling bot, the Discord guild whose board is read.
     * Part of each reading's provenance: a reading counts only against an earlier reading of the same scope. Empty
     * when the source is not configured.
     */
    Optional<String> scope();

    /** What is wrong with the source's configuration, each naming the setting to fix; empty when it can be read. */
    List<String> configurationProblems();

    /**
     * The XP of the requested accounts that the source holds, read in one complete pass: all or nothing.
     *
     * @throws XpSourceException when the source could not be read completely (nothing partial is returned)
     */
    XpSnapshot read(XpRequest request);
}
