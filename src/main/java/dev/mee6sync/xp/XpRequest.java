package dev.mee6sync.xp;

import java.time.Instant;
import java.util.List;

/**
 * What the sync asks a source for.
 *
 * @param accounts the accounts whose XP is wanted
 * @param fullRead read the whole board from page 0 in this run, whatever the floors say; otherwise the source reads
 *                 from page 0 until no unfound account can be further down (the floor region), then the slice
 * @param slice    the rolling sweep's part of this run, read after the floor region; null: none
 * @param deadline when set, the read must end before it (or fail, saying so); null: no deadline
 */
public record XpRequest(List<Account> accounts, boolean fullRead, Slice slice, Instant deadline) {

    public XpRequest {
        accounts = List.copyOf(accounts);
    }

    /** A request without a sweep slice. */
    public XpRequest(List<Account> accounts, boolean fullRead, Instant deadline) {
        this(accounts, fullRead, null, deadline);
    }

    /**
     * One wanted account.
     *
     * @param id      the account's id at the source (a Discord snowflake)
     * @param floorXp its last observed XP in its provenance (docs/board-reader.md, "Which pages a read requests");
     *                null when never observed
     */
    public record Account(String id, Long floorXp) {
    }

    /**
     * The sweep's slice: pages {@code firstPage} to {@code firstPage + pages - 1}, 0-based; it may end early without
     * failing the read (docs/board-reader.md, "Which pages a read requests").
     */
    public record Slice(int firstPage, int pages) {
    }
}
