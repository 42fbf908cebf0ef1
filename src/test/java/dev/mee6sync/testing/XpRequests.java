package dev.mee6sync.testing;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import dev.mee6sync.xp.XpRequest;

/** Requests for the source tests (MEE6 and Lurkr): the accounts asked for, their floors, full read or not. */
public final class XpRequests {

    private XpRequests() {
    }

    /**
     * Not a full read, every account with a floor of 0 XP: the fetch looks for each of them until it is found or the
     * board ends (the XP floor never stops it).
     */
    public static XpRequest lookFor(String... ids) {
        return new XpRequest(accounts(0L, ids), false, null);
    }

    /** A full read: to the end of the board whatever is found. */
    public static XpRequest fullRead(String... ids) {
        return new XpRequest(accounts(null, ids), true, null);
    }

    public static XpRequest.Account account(String id, Long floorXp) {
        return new XpRequest.Account(id, floorXp);
    }

    public static XpRequest withDeadline(XpRequest request, Instant deadline) {
        return new XpRequest(request.accounts(), request.fullRead(), deadline);
    }

    private static List<XpRequest.Account> accounts(Long floor, String... ids) {
        return Arrays.stream(ids).map(id -> new XpRequest.Account(id, floor)).toList();
    }
}
