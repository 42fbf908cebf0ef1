package dev.mee6sync.lurkr;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mee6sync.board.BoardMessages;
import dev.mee6sync.board.Refusal;
import dev.mee6sync.text.Text;
import dev.mee6sync.board.UntrustedPage;

/** What Lurkr's answers mean to an operator, and what to change: the Lurkr adapter's message catalogue. */
final class LurkrMessages implements BoardMessages {

    static final String SOURCE = "Lurkr";
    private static final String KEY_SETTING = "key lurkrApiKey of the application secret (MEE6_SECRETS_APP), or "
            + "LURKR_API_KEY";

    private final String guildId;
    private final String guildVariable;
    private final boolean withKey;

    /**
     * @param guildVariable the variable the guild id comes from: {@code DISCORD_GUILD_ID} or {@code MEE6_GUILD_ID}
     * @param withKey       whether the request carried an API key
     */
    LurkrMessages(String guildId, String guildVariable, boolean withKey) {
        this.guildId = guildId;
        this.guildVariable = guildVariable;
        this.withKey = withKey;
    }

    @Override
    public Refusal refused(int status, int page) {
        String base = "Lurkr answered " + status + " for the leaderboard of guild " + guildId + ": ";
        return switch (status) {
            case 401 -> withKey
                    ? new Refusal("invalid-key", base + "the API key was refused (deleted, or mistyped). Create a key "
                            + "on your profile page at lurkr.gg, grant it this server, and update the secret ("
                            + KEY_SETTING + "): the next run reads it; or remove the key, which a public leaderboard "
                            + "does not need")
                    : new Refusal("unauthorized", base + "Lurkr wants an API key for this leaderboard. Create a key "
                            + "on your profile page at lurkr.gg, grant it this server, and put it in the secret ("
                            + KEY_SETTING + ")");
            case 403 -> withKey
                    ? new Refusal("forbidden", base + "the API key has no access to this server. An owner or "
                            + "administrator of the Discord server must grant the key access to it (profile page at "
                            + "lurkr.gg, the key's servers), or set a key that has it (" + KEY_SETTING + ")")
                    : new Refusal("forbidden", base + "Lurkr does not show this leaderboard without a key. Create a "
                            + "key on your profile page at lurkr.gg, have an owner or administrator grant it this "
                            + "server, and put it in the secret (" + KEY_SETTING + ")");
            case 404 -> new Refusal("unknown-guild", base + "Lurkr does not know this guild, or its levelling is not "
                    + "set up. Check " + guildVariable + " (the Discord server id) and that Lurkr is in that server "
                    + "with levelling enabled");
            default -> new Refusal("refused", "Lurkr refused the request for page " + page + " of guild " + guildId
                    + " with HTTP " + status + ": check " + guildVariable + " and LURKR_API_URL");
        };
    }

    @Override
    public String pageSize() {
        return LurkrBoard.PAGE_SIZE + " players";
    }

    /** A page of another guild, or one that does not say whose it is, would pay points from someone else's board. */
    void checkGuild(int page, LurkrPage parsed) {
        JsonNode id = parsed.guild() == null ? null : parsed.guild().get("id");
        if (id != null && id.isTextual() && id.asText().equals(guildId)) {
            return;
        }
        String answered = id == null || id.isMissingNode() ? "(missing)"
                : Text.abbreviate(id.isTextual() ? id.asText() : id + " (not a string)", 40);
        throw new UntrustedPage("wrong-guild", "Lurkr answered page " + page + " of guild " + answered + " (asked: "
                + "guild " + guildId + "): a page of another guild, or one that does not say whose it is, is never "
                + "used for points; check " + guildVariable + ", and whether LURKR_API_URL points at Lurkr's API");
    }

    /**
     * The body names no page: its ranks place it. Lurkr's page n holds ranks {@code (n-1)*100+1} on, one after the
     * other; any other rank means the page is not the one asked for, or the board cannot be trusted.
     */
    void checkRanks(int page, List<LurkrPage.Level> levels) {
        long expected = (long) (page - 1) * LurkrBoard.PAGE_SIZE + 1;
        for (int i = 0; i < levels.size(); i++, expected++) {
            long rank = levels.get(i).rank();
            if (rank != expected) {
                throw new UntrustedPage("rank-gap", "Lurkr page " + page + " of guild " + guildId + " has rank "
                        + rank + " at levels[" + i + "] where rank " + expected + " belongs (page " + page
                        + " holds ranks " + ((long) (page - 1) * LurkrBoard.PAGE_SIZE + 1) + " on): the ranks are not "
                        + "continuous, so the page cannot be placed on the board and is never used for points; check "
                        + "whether a proxy or cache in front of Lurkr serves the wrong page (LURKR_API_URL)");
            }
        }
    }
}
