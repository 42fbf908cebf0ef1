package dev.mee6sync.xp;

import java.util.Map;
import java.util.Optional;

/**
 * The XP of the requested accounts that were found, read in one complete pass. An account missing from
 * {@link #xpByAccount()} was not found: no reading (absent from the board, or not reached by a read that stopped
 * early; {@link FetchFacts#readToEnd()} tells which).
 */
public record XpSnapshot(Map<String, Long> xpByAccount, FetchFacts facts) {

    public XpSnapshot {
        xpByAccount = Map.copyOf(xpByAccount);
    }

    public Optional<Long> xp(String accountId) {
        return Optional.ofNullable(xpByAccount.get(accountId));
    }
}
