package dev.mee6sync.board;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One source's leaderboard as {@link BoardReader} pages it: what an adapter supplies for one read (its URL, headers,
 * parser and messages). Pages are 0-based here whatever the source numbers them.
 */
public interface Board {

    /** The source's name in messages: {@code MEE6}. */
    String name();

    /** The guild whose board is read. */
    String guildId();

    /** Where page {@code page} (0-based) is. */
    URI pageUri(int page);

    /** Headers of every request besides {@code User-Agent} and {@code Accept}: a token, a key. Never logged. */
    Map<String, String> headers();

    /** The secret among {@link #headers()}, masked in every message; empty when none is sent. */
    Optional<String> secret();

    /** The number the source gives page {@code page} (0-based): what messages show. */
    default int shownPage(int page) {
        return page;
    }

    /**
     * The players of page {@code page} (0-based), checked.
     *
     * @throws NotAPage      the body is not a page of this board (retried)
     * @throws InvalidData   a value cannot be trusted for points (not retried)
     * @throws UntrustedPage the page is not the one asked for (not retried)
     */
    Page parse(int page, byte[] body);

    /** The message of the source's JSON error body, when the body is one. */
    Optional<String> errorMessage(byte[] body);

    /** How long to wait before the next request by what an answer's headers say of the rate limit; zero: no wait. */
    default Duration pauseAfter(HttpHeaders headers) {
        return Duration.ZERO;
    }

    /** The source's own messages. */
    BoardMessages messages();
}
