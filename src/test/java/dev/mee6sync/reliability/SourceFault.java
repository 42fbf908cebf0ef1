package dev.mee6sync.reliability;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import dev.mee6sync.testing.LurkrStandIn;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.SwitchableXpSource;

/**
 * A board's failure as one page's answer, for either XP source (MEE6 through {@link Mee6Fault}, Lurkr in its own
 * shapes): permanent ones need an operator (their {@link #cause}, one alert per cause and outage), transient ones are
 * retried and count towards the outage threshold.
 */
enum SourceFault {

    UNAUTHORIZED_401("401"),
    UNKNOWN_GUILD_404("404"),
    NEGATIVE_XP("invalid data"),
    NON_NUMERIC_ID("invalid data"),
    RATE_LIMITED_429(null),
    SERVER_ERROR_500(null),
    HTML_503(null),
    HTML_200(null),
    TRUNCATED_JSON(null),
    /** No answer within the test settings' read timeout (2 s): 3 attempts cost 6 s, so it is drawn rarely. */
    HANGS(null);

    static final int HANG_MS = 3_000;

    static final List<SourceFault> PERMANENT = List.of(UNAUTHORIZED_401, UNKNOWN_GUILD_404, NEGATIVE_XP,
            NON_NUMERIC_ID);
    /** HANGS costs seconds: drawn one time in ten among the transient ones. */
    static final List<SourceFault> TRANSIENT = List.of(RATE_LIMITED_429, SERVER_ERROR_500, HTML_503, HTML_200,
            TRUNCATED_JSON);

    /** The cause of a permanent failure, as the rules count them (a 401 and invalid data are two); null: transient. */
    final String cause;

    SourceFault(String cause) {
        this.cause = cause;
    }

    boolean permanent() {
        return cause != null;
    }

    /** Whether the fault is in a page's rows (it needs a row to corrupt). */
    boolean isAboutData() {
        return this == NEGATIVE_XP || this == NON_NUMERIC_ID;
    }

    /** A board row, whichever source serves it. */
    record Row(String id, long xp) {
    }

    /** What the board of {@code source} answers for {@code page} (0-based), whose rows should be {@code rows}. */
    ResponseDefinitionBuilder answer(String source, String guild, int page, List<Row> rows) {
        if (SwitchableXpSource.MEE6.equals(source)) {
            List<Mee6StandIn.Player> players = rows.stream().map(r -> new Mee6StandIn.Player(r.id(), r.xp())).toList();
            return switch (this) {
                case UNAUTHORIZED_401 -> Mee6Fault.PRIVATE_401.answer(guild, page, players);
                case UNKNOWN_GUILD_404 -> Mee6Fault.UNKNOWN_GUILD_404.answer(guild, page, players);
                case NEGATIVE_XP -> Mee6Fault.NEGATIVE_XP.answer(guild, page, players);
                case NON_NUMERIC_ID -> Mee6Fault.NON_NUMERIC_ID.answer(guild, page, players);
                case RATE_LIMITED_429 -> Mee6Fault.RATE_LIMITED_429.answer(guild, page, players);
                case SERVER_ERROR_500 -> Mee6Fault.SERVER_ERROR_500.answer(guild, page, players);
                case HTML_503 -> Mee6Fault.HTML_503.answer(guild, page, players);
                case HTML_200 -> Mee6Fault.HTML_200.answer(guild, page, players);
                case TRUNCATED_JSON -> Mee6Fault.TRUNCATED_JSON.answer(guild, page, players);
                case HANGS -> healthy(source, guild, page, rows).withFixedDelay(HANG_MS);
            };
        }
        List<LurkrStandIn.Player> players = rows.stream().map(r -> new LurkrStandIn.Player(r.id(), r.xp())).toList();
        int shown = page + 1;
        return switch (this) {
            case UNAUTHORIZED_401 -> LurkrStandIn.error(401, "Unauthorized");
            case UNKNOWN_GUILD_404 -> LurkrStandIn.fixture(404, "error-404-unknown-guild.json");
            case NEGATIVE_XP -> LurkrStandIn.okJson(LurkrStandIn.pageJson(guild, shown,
                    replaceLast(players, new LurkrStandIn.Player(players.get(players.size() - 1).id(), -5))));
            case NON_NUMERIC_ID -> LurkrStandIn.okJson(LurkrStandIn.pageJson(guild, shown,
                    replaceLast(players, new LurkrStandIn.Player("lurkr-bot", players.get(players.size() - 1).xp()))));
            case RATE_LIMITED_429 -> LurkrStandIn.fixture(429, "error-429-rate-limited.json");
            case SERVER_ERROR_500 -> LurkrStandIn.error(500, "Internal Server Error");
            case HTML_503 -> Mee6StandIn.fixture(503, "blocked-503.html");
            case HTML_200 -> Mee6StandIn.fixture(200, "blocked-503.html");
            case TRUNCATED_JSON -> {
                String body = LurkrStandIn.pageJson(guild, shown, players);
                yield LurkrStandIn.okJson(body.substring(0, body.length() / 2));
            }
            case HANGS -> healthy(source, guild, page, rows).withFixedDelay(HANG_MS);
        };
    }

    /** The page as the board serves it when it is well. */
    static ResponseDefinitionBuilder healthy(String source, String guild, int page, List<Row> rows) {
        if (SwitchableXpSource.MEE6.equals(source)) {
            return Mee6StandIn.okJson(Mee6StandIn.pageJson(guild, page,
                    rows.stream().map(r -> new Mee6StandIn.Player(r.id(), r.xp())).toList()));
        }
        return LurkrStandIn.okJson(LurkrStandIn.pageJson(guild, page + 1,
                rows.stream().map(r -> new LurkrStandIn.Player(r.id(), r.xp())).toList()));
    }

    /** What the failed run must say, beyond "fetch failed": what failed and where. */
    List<String> says(String source, String guild) {
        boolean mee6 = SwitchableXpSource.MEE6.equals(source);
        return switch (this) {
            case UNAUTHORIZED_401 -> mee6 ? Mee6Fault.PRIVATE_401.says(guild)
                    : List.of("Lurkr answered 401 for the leaderboard of guild " + guild, "Lurkr wants an API key");
            case UNKNOWN_GUILD_404 -> List.of(mee6 ? "MEE6 answered 404 Not Found for guild id " + guild
                    : "Lurkr answered 404 for the leaderboard of guild " + guild, "Check DISCORD_GUILD_ID");
            case NEGATIVE_XP -> List.of("got -5", "nothing was synced");
            case NON_NUMERIC_ID -> List.of(mee6 ? "got \"mee6-bot\"" : "got \"lurkr-bot\"", "nothing was synced");
            case RATE_LIMITED_429 -> List.of("HTTP 429 Too Many Requests");
            case SERVER_ERROR_500 -> List.of("HTTP 500");
            case HTML_503 -> List.of("HTTP 503");
            case HTML_200, TRUNCATED_JSON -> List.of("HTTP 200 with");
            case HANGS -> List.of("could not be read after 3 attempts");
        };
    }

    private static <T> List<T> replaceLast(List<T> rows, T replacement) {
        List<T> changed = new ArrayList<>(rows);
        changed.set(changed.size() - 1, replacement);
        return changed;
    }
}
