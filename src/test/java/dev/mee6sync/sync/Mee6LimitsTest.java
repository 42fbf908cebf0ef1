package dev.mee6sync.sync;

import static dev.mee6sync.sync.SyncLambdaTest.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The bounds of a run against MEE6, through the Lambda event API: the run's deadline binds the read (here a function
 * timeout of 26 s, of which 20 s are kept to record the outcome), a whole request is bounded by MEE6_REQUEST_TIMEOUT,
 * a body by MEE6_MAX_PAGE_BYTES, and every request carries MEE6_USER_AGENT. A 403 (Cloudflare) says what to do.
 */
@QuarkusTest
@TestProfile(Mee6LimitsTest.Limits.class)
class Mee6LimitsTest {

    static final String GUILD = Mee6StandIn.GUILD_ID;
    static final String ALICE = "401234567890123456";
    static final String USER_AGENT = "mee6-sync-test/1.0 (+ops@example.org)";

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mee6.function-timeout", "26s",
                    "mee6.request-timeout", "2s",
                    "mee6.max-page-bytes", "1048576",
                    "mee6.user-agent", USER_AGENT);
        }
    }

    @Inject
    TestDatabase db;

    final Mee6StandIn mee6 = Mee6StandIn.get();

    @BeforeEach
    void reset() {
        db.reset();
        mee6.reset();
        db.insertMember(ALICE);
    }

    @Test
    void aReadThatCannotFinishBeforeTheDeadlineFailsInTimeAndRecordsIt() {
        // 30 pages, each answered in 700 ms: about 21 s for a full read; the run has 6 s
        List<Player> players = Mee6StandIn.players(3_000, 700_000_000_000_000_000L, 1_000_000);
        players.add(new Player(ALICE, 2_000_000));
        for (int page = 0; page <= 30; page++) {
            List<Player> rows = players.subList(Math.min(players.size(), page * 100),
                    Math.min(players.size(), (page + 1) * 100));
            mee6.servePage(GUILD, page,
                    Mee6StandIn.okJson(Mee6StandIn.pageJson(GUILD, page, rows)).withFixedDelay(700));
        }
        long started = System.nanoTime();
        invoke("{\"syncId\": \"too-long\", \"fullRead\": true}").statusCode(500)
                .body("errorMessage", containsString("stopped before the run's deadline after"))
                .body("errorMessage", containsString("pages a minute"))
                .body("errorMessage", containsString("MEE6_PAGE_DELAY"))
                .body("errorMessage", containsString("MEE6_FULL_READ_EVERY"));
        assertThat((System.nanoTime() - started) / 1_000_000).as("ends by the deadline, not the 21 s of the board")
                .isLessThan(9_000);
        assertThat(db.query("SELECT status, error LIKE 'MEE6 fetch failed (transient)%' FROM sync_run"))
                .containsExactly(List.of("FAILED", true));
        assertThat(db.queryLong("SELECT count(*) FROM discord_activity")).isZero();
    }

    @Test
    void aResponseDrippingAByteASecondIsCutAtTheRequestTimeoutAndRetried() {
        String page = Mee6StandIn.pageJson(GUILD, 0, List.of(new Player(ALICE, 1_000)));
        mee6.servePageInTurn(GUILD, 0,
                Mee6StandIn.okJson(page).withChunkedDribbleDelay(page.length(), page.length() * 1000),
                Mee6StandIn.okJson(page));
        long started = System.nanoTime();
        invoke("{\"syncId\": \"drip\"}").statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("mee6Retries", equalTo(1))
                .body("mee6FetchMs", lessThan(5_000));
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(6_000);
    }

    @Test
    void aBodyOverTheLimitIsRefusedAndRetriedAndEveryRequestCarriesTheUserAgent() {
        String page = Mee6StandIn.pageJson(GUILD, 0, List.of(new Player(ALICE, 1_000)));
        String oversized = page.replace("\"country\":\"US\"", "\"country\":\"" + "x".repeat(1_200_000) + "\"");
        mee6.servePageInTurn(GUILD, 0, Mee6StandIn.okJson(oversized), Mee6StandIn.okJson(page));
        invoke("{\"syncId\": \"big\"}").statusCode(200).body("status", equalTo("COMPLETED"))
                .body("mee6Retries", equalTo(1));
        assertThat(mee6.requests(GUILD)).hasSize(2)
                .allSatisfy(request -> assertThat(request.getHeader("User-Agent")).isEqualTo(USER_AGENT));
    }

    @Test
    void aCloudflareRefusalSaysToUseALoggedInToken() {
        mee6.servePage(GUILD, 0, Mee6StandIn.error(403, "Forbidden"));
        invoke("{\"syncId\": \"cloudflare\"}").statusCode(500)
                .body("errorMessage", containsString("MEE6 fetch failed (permanent)"))
                .body("errorMessage", containsString("403"))
                .body("errorMessage", containsString("Cloudflare"))
                .body("errorMessage", containsString("MEE6_AUTH_TOKEN"));
        assertThat(mee6.requests(GUILD)).as("not retried").hasSize(1);
    }
}
