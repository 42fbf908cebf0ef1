package dev.mee6sync.xp;

import java.time.Instant;
import java.util.List;

/**
 * What the sync asks a source for.
 *
 * @param accounts the accounts whose XP is wanted
 * @param fullRead read the whole board, whatever the accounts' floors say (first syncs, the daily full read, a
 *                 manual request); otherwise the source may stop once no unfound account can be further down
 * @param deadline when set, the read must end before it (or fail, saying so); null: no deadline
 */
public record XpRequest(List<Account> accounts, boolean fullRead, Instant deadline) {

    public XpRequest {
        accounts = List.copyOf(accounts);
    }

    /**
     * One wanted account.
     *
     * @param id      the account's id at the source (a Discord snowflake)
     * @param floorXp the account's last observed XP in its provenance: XP only falls through an admin's removal, so
     *                the account is not ranked below a player with less; null when it was never observed, and then it
     *                is looked for in full reads only
     */
    public record Account(String id, Long floorXp) {
    }
}
