package dev.mee6sync.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;

/**
 * The failure modes of MEE6 (docs/mee6-api.md) as a page's answer, with what the run must say about each:
 * the fragments an operator needs (what failed, where, which variable or setting to look at).
 */
enum Mee6Fault {

    /** A private leaderboard: permanent until an admin acts. */
    PRIVATE_401(true, "MEE6 answered 401 Unauthorized for the leaderboard of guild " + SyncHarness.GUILD,
            "Make my server's leaderboard public", "MEE6_AUTH_TOKEN", "Not retried"),
    /** Unknown guild, or MEE6 not in it: permanent. */
    UNKNOWN_GUILD_404(true, "MEE6 answered 404 Not Found for guild id " + SyncHarness.GUILD, "MEE6_GUILD_ID",
            "Not retried"),
    /** Rate limited, with a {@code Retry-After} of 1 s (honoured). */
    RATE_LIMITED_429_RETRY_AFTER(false, "HTTP 429 Too Many Requests, Retry-After 1s"),
    /** Rate limited without {@code Retry-After}: exponential backoff. */
    RATE_LIMITED_429(false, "HTTP 429 Too Many Requests, no Retry-After"),
    SERVER_ERROR_500(false, "HTTP 500", "MEE6 says: \"Internal Server Error\""),
    /** A CDN's HTML error page. */
    HTML_503(false, "HTTP 503 with a non-JSON body (text/html", "Service Temporarily Unavailable"),
    /** A CDN's HTML page served with 200: never an empty board. */
    HTML_200(false, "HTTP 200 with an HTML or XML page instead of JSON"),
    TRUNCATED_JSON(false, "HTTP 200 with a body that is not valid JSON", "end-of-input"),
    /** No answer within the read timeout (2 s in tests). */
    HANGS(false, "no answer within MEE6_READ_TIMEOUT=2s"),
    /** A player's XP below zero: data refused, permanent. */
    NEGATIVE_XP(true, "xp: expected a non-negative integer, got -5", "nothing was synced", "Not retried"),
    /** A player id that is not a snowflake: data refused, permanent. */
    NON_NUMERIC_ID(true, ".id: expected a string of 1 to 20 digits, got \"mee6-bot\"", "nothing was synced",
            "Not retried");

    /** Milliseconds a hanging page waits: well past the 2 s read timeout of the test profile. */
    static final int HANG_MS = 4_000;

    final boolean permanent;
    final List<String> says;

    Mee6Fault(boolean permanent, String... says) {
        this.permanent = permanent;
        this.says = List.of(says);
    }

    /** Requests of the failing page before the run gives up: one when permanent, else MEE6_RETRY_MAX_ATTEMPTS (3). */
    int requestsOfFailingPage() {
        return permanent ? 1 : 3;
    }

    /** Whether the page is MEE6's answer about the request (HTTP status) rather than its content. */
    boolean isAboutData() {
        return this == NEGATIVE_XP || this == NON_NUMERIC_ID;
    }

    /** What MEE6 (or the CDN in front of it) answers for {@code page}, whose rows should have been {@code rows}. */
    ResponseDefinitionBuilder answer(int page, List<Player> rows) {
        return answer(SyncHarness.GUILD, page, rows);
    }

    /** The same for the board of {@code guild}. */
    ResponseDefinitionBuilder answer(String guild, int page, List<Player> rows) {
        return switch (this) {
            case PRIVATE_401 -> Mee6StandIn.fixture(401, "error-401-private-leaderboard.json");
            case UNKNOWN_GUILD_404 -> Mee6StandIn.fixture(404, "error-404-unknown-guild.json");
            case RATE_LIMITED_429_RETRY_AFTER ->
                Mee6StandIn.fixture(429, "error-429-rate-limited.json").withHeader("Retry-After", "1");
            case RATE_LIMITED_429 -> Mee6StandIn.fixture(429, "error-429-rate-limited.json");
            case SERVER_ERROR_500 -> Mee6StandIn.error(500, "Internal Server Error");
            case HTML_503 -> Mee6StandIn.fixture(503, "blocked-503.html");
            case HTML_200 -> Mee6StandIn.fixture(200, "blocked-503.html");
            case TRUNCATED_JSON -> {
                String body = Mee6StandIn.pageJson(guild, page, rows);
                yield Mee6StandIn.okJson(body.substring(0, body.length() / 2));
            }
            case HANGS -> Mee6StandIn.okJson(Mee6StandIn.pageJson(guild, page, rows)).withFixedDelay(HANG_MS);
            case NEGATIVE_XP -> Mee6StandIn.okJson(Mee6StandIn.pageJson(guild, page,
                    replaceLast(rows, new Player(rows.get(rows.size() - 1).id(), -5))));
            case NON_NUMERIC_ID -> Mee6StandIn.okJson(Mee6StandIn.pageJson(guild, page,
                    replaceLast(rows, new Player("mee6-bot", rows.get(rows.size() - 1).xp()))));
        };
    }

    /** A plain 200 with the page's rows: what MEE6 answers once it has recovered. */
    static ResponseDefinitionBuilder healthy(int page, List<Player> rows) {
        return healthy(SyncHarness.GUILD, page, rows);
    }

    static ResponseDefinitionBuilder healthy(String guild, int page, List<Player> rows) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(Mee6StandIn.pageJson(guild, page, rows));
    }

    /** What the run must say about this fault on the board of {@code guild}. */
    List<String> says(String guild) {
        return says.stream().map(fragment -> fragment.replace(SyncHarness.GUILD, guild)).toList();
    }

    private static List<Player> replaceLast(List<Player> rows, Player replacement) {
        List<Player> changed = new ArrayList<>(rows);
        changed.set(changed.size() - 1, replacement);
        return changed;
    }
}
