package dev.mee6sync.mee6;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mee6sync.board.BoardMessages;
import dev.mee6sync.board.Refusal;
import dev.mee6sync.text.Text;
import dev.mee6sync.board.UntrustedPage;

/** What MEE6's answers mean to an operator, and what to change: the MEE6 adapter's message catalogue. */
final class Mee6Messages implements BoardMessages {

    static final String SOURCE = "MEE6";
    private static final String PUBLIC_BOARD = "\"Make my server's leaderboard public\" in the MEE6 dashboard "
            + "(leaderboard settings of the Discord server)";
    private static final String TOKEN_SETTING = "key mee6AuthToken of the application secret (MEE6_SECRETS_APP), or "
            + "MEE6_AUTH_TOKEN";

    private final String guildId;
    private final String guildVariable;
    private final int pageSize;
    private final boolean withToken;

    /**
     * @param guildVariable the variable the guild id comes from: {@code DISCORD_GUILD_ID} or {@code MEE6_GUILD_ID}
     * @param withToken     whether the request carried a token
     */
    Mee6Messages(String guildId, String guildVariable, int pageSize, boolean withToken) {
        this.guildId = guildId;
        this.guildVariable = guildVariable;
        this.pageSize = pageSize;
        this.withToken = withToken;
    }

    @Override
    public Refusal refused(int status, int page) {
        return switch (status) {
            case 401 -> new Refusal("unauthorized", unauthorized());
            case 403 -> new Refusal("forbidden", forbidden());
            case 404 -> new Refusal("unknown-guild", "MEE6 answered 404 Not Found for guild id " + guildId + ": MEE6 "
                    + "does not know this guild, or the MEE6 bot is not in that Discord server. Check "
                    + guildVariable + " (the Discord server id) and that MEE6 is installed there");
            default -> new Refusal("refused", "MEE6 refused the request for page " + page + " of guild " + guildId
                    + " (limit=" + pageSize + ") with HTTP " + status + ": check " + guildVariable
                    + " and MEE6_PAGE_SIZE");
        };
    }

    @Override
    public String pageSize() {
        return "MEE6_PAGE_SIZE=" + pageSize + " players";
    }

    @Override
    public String tooManyPagesHint() {
        return "; many duplicates mean MEE6 is ignoring the page number";
    }

    private String unauthorized() {
        String base = "MEE6 answered 401 Unauthorized for the leaderboard of guild " + guildId + ": ";
        if (!withToken) {
            return base + "the leaderboard is private. An admin should enable " + PUBLIC_BOARD + ", or give the "
                    + "function a MEE6 web token that can read it (" + TOKEN_SETTING + "; docs/mee6-api.md, "
                    + "\"Access\")";
        }
        return base + "the token in mee6AuthToken / MEE6_AUTH_TOKEN was refused: the token expired or was revoked "
                + "(a MEE6 web token ends when its user logs out). Log in to mee6.xyz, copy a new token, update the "
                + "secret (" + TOKEN_SETTING + "): the next run reads it, no redeploy (infra/DEPLOY.md, \"MEE6 "
                + "access\"). If the token is new, its user cannot see this leaderboard: enable " + PUBLIC_BOARD;
    }

    private String forbidden() {
        String base = "MEE6 answered 403 Forbidden for the leaderboard of guild " + guildId + ": MEE6's API sits "
                + "behind Cloudflare, which refuses many anonymous clients since 2024. ";
        if (!withToken) {
            return base + "Set MEE6_AUTH_TOKEN to the web token of a user logged in to the MEE6 website, or put it in "
                    + "the application secret as mee6AuthToken (docs/mee6-api.md, \"Access\", and infra/DEPLOY.md)";
        }
        return base + "The configured MEE6_AUTH_TOKEN was refused: it ends when its user logs out of the MEE6 website, "
                + "or was revoked. Renew MEE6_AUTH_TOKEN with the web token of a logged-in MEE6 user: log in to "
                + "mee6.xyz, copy a new token, update the secret (" + TOKEN_SETTING + "; infra/DEPLOY.md, \"MEE6 "
                + "access\")";
    }

    /** The page asked for, of the guild asked for, or the read fails (docs/mee6-api.md, "Validation"). */
    void checkProvenance(int page, LeaderboardPage parsed) {
        JsonNode guild = parsed.guild() == null ? null : parsed.guild().get("id");
        JsonNode answeredPage = parsed.page();
        boolean guildOk = guild != null && guild.isTextual() && guild.asText().equals(guildId);
        boolean pageOk = answeredPage != null && answeredPage.isIntegralNumber() && answeredPage.canConvertToLong()
                && answeredPage.asLong() == page;
        if (guildOk && pageOk) {
            return;
        }
        String reason;
        String why;
        if (guild == null || !guild.isTextual() || answeredPage == null || !answeredPage.isIntegralNumber()) {
            reason = "wrong-page";
            why = "a page that does not say which page of which guild it is (guild.id a string, page an integer) "
                    + "is never used for points";
        } else if (!guildOk) {
            reason = "wrong-guild";
            why = "a page of another guild is never used for points";
        } else {
            reason = "wrong-page";
            why = "a page other than the one asked for is never used for points";
        }
        throw new UntrustedPage(reason, "MEE6 answered page "
                + shown(answeredPage, answeredPage != null && answeredPage.isIntegralNumber(), "not an integer")
                + " of guild " + shown(guild, guild != null && guild.isTextual(), "not a string") + " (asked: page "
                + page + " of guild " + guildId + "): " + why + "; check " + guildVariable + ", and whether a proxy "
                + "or CDN in front of MEE6 serves the wrong page");
    }

    /** A JSON value as an operator reads it: a string bare, anything else as JSON, a missing one as "(missing)". */
    private static String shown(JsonNode value, boolean rightType, String wrongType) {
        if (value == null || value.isMissingNode()) {
            return "(missing)";
        }
        String text = Text.abbreviate(value.isTextual() && rightType ? value.asText() : value.toString(), 40);
        return rightType ? text : text + " (" + wrongType + ")";
    }
}
