package dev.mee6sync.mee6;

import static dev.mee6sync.testing.XpRequests.lookFor;
import static dev.mee6sync.testing.Mee6StandIn.GUILD_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.mee6sync.board.BoardReader;
import dev.mee6sync.testing.LogCapture;
import dev.mee6sync.testing.Mee6Settings;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.xp.XpSourceException;
import io.quarkus.test.junit.QuarkusTest;

/** The optional MEE6 token: sent as is, and never written to a log or an exception message. */
@QuarkusTest
class Mee6ClientSecretTest {

    private static final String TOKEN = "mee6-web-token.S3CR3T-abc123";

    private final Mee6StandIn mee6 = Mee6StandIn.get();

    @BeforeEach
    void reset() {
        mee6.reset();
    }

    private static LeaderboardFetcher fetcher(Mee6Settings settings) {
        return new LeaderboardFetcher(settings.with("auth-token", TOKEN).build(), BoardReader.defaultUserAgent("test"));
    }

    @Test
    void sendsTheTokenAsIsAndNeverLogsIt() {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(5, 100_000_000_000_000_000L, 1_000_000), 3);
        List<String> messages = new ArrayList<>();

        try (LogCapture logs = LogCapture.start()) {
            fetcher(Mee6Settings.defaults().with("page-size", "3")).fetch(lookFor("100000000000000004"));

            // a hostile or debugging proxy that echoes the request's headers in its error pages
            mee6.reset();
            String echo = "<html><body>Authorization: " + TOKEN + "</body></html>";
            mee6.servePage(GUILD_ID, 0, Mee6StandIn.fixture(503, "blocked-503.html").withBody(echo));
            messages.add(assertThrows(XpSourceException.class,
                    () -> fetcher(Mee6Settings.defaults()).fetch(lookFor("1"))).getMessage());
            mee6.servePage(GUILD_ID, 0, Mee6StandIn.error(401, "Invalid token " + TOKEN));
            messages.add(assertThrows(XpSourceException.class,
                    () -> fetcher(Mee6Settings.defaults()).fetch(lookFor("1"))).getMessage());
            mee6.servePage(GUILD_ID, 0, Mee6StandIn.okJson("{\"players\":[{\"id\":\"" + TOKEN + "\",\"xp\":1}]}"));
            messages.add(assertThrows(XpSourceException.class,
                    () -> fetcher(Mee6Settings.defaults()).fetch(lookFor("1"))).getMessage());
            mee6.servePage(GUILD_ID, 0, Mee6StandIn.error(403, "Forbidden for " + TOKEN));
            messages.add(assertThrows(XpSourceException.class,
                    () -> fetcher(Mee6Settings.defaults()).fetch(lookFor("1"))).getMessage());
            mee6.servePage(GUILD_ID, 0, Mee6StandIn.okJson("{\"page\":0,\"guild\":{\"id\":\"" + TOKEN
                    + "\"},\"players\":[]}"));
            messages.add(assertThrows(XpSourceException.class,
                    () -> fetcher(Mee6Settings.defaults()).fetch(lookFor("1"))).getMessage());

            String logged = logs.text();
            assertTrue(logged.contains("MEE6 leaderboard of guild " + GUILD_ID + " read"), "no summary line captured");
            assertTrue(logged.contains("DEBUG"), "DEBUG lines must be captured too");
            assertTrue(logged.contains("***"), "the echoed token is masked in the retry warnings");
            assertFalse(logged.contains(TOKEN), "the token was logged:\n" + logged);
        }

        assertEquals(5, messages.size());
        for (String message : messages) {
            assertFalse(message.contains(TOKEN), "the token is in an exception message: " + message);
        }
        assertTrue(messages.get(1).contains("MEE6_AUTH_TOKEN was refused"), messages.get(1));
        assertTrue(messages.get(3).contains("The configured MEE6_AUTH_TOKEN was refused"), messages.get(3));
        assertTrue(messages.get(4).contains("MEE6 answered page 0 of guild ***"), messages.get(4));
    }

    @Test
    void sendsTheRawTokenAsAuthorization() {
        mee6.serveBoard(GUILD_ID, Mee6StandIn.players(2, 100_000_000_000_000_000L, 1_000_000), 100);

        fetcher(Mee6Settings.defaults()).fetch(lookFor("1"));

        LoggedRequest request = mee6.requests(GUILD_ID).get(0);
        assertEquals(TOKEN, request.getHeader("Authorization"), "the raw token, no \"Bearer\"");
        assertEquals("mee6-sync/test", request.getHeader("User-Agent"));
    }
}
