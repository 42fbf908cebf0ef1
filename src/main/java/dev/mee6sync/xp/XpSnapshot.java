package dev.mee6sync.xp;

import java.util.Map;
import java.util.Optional;

/**
 * The XP of the requested accounts that were found, read in one pass, and what the board showed. An account missing
 * from {@link #xpByAccount()} was not found: no reading (absent from the board, or not on the pages read).
 */
public record XpSnapshot(Map<String, Long> xpByAccount, FetchFacts facts, BoardFacts board) {

    public XpSnapshot {
        xpByAccount = Map.copyOf(xpByAccount);
    }

    public Optional<Long> xp(String accountId) {
        return Optional.ofNullable(xpByAccount.get(accountId));
    }
}
