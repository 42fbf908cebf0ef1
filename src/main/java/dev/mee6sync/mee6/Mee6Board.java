package dev.mee6sync.mee6;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mee6sync.board.Board;
import dev.mee6sync.board.BoardMessages;
import dev.mee6sync.board.Page;
import dev.mee6sync.board.ReaderSettings;

/** MEE6's leaderboard for one read: its URL, the token as {@code Authorization}, its parser and its messages. */
final class Mee6Board implements Board {

    private final String baseUrl;
    private final String guildId;
    private final int pageSize;
    private final String token;
    private final LeaderboardParser parser;
    private final Mee6Messages messages;

    /** @param token the MEE6 web token, sent as is, or null */
    Mee6Board(Mee6Config config, LeaderboardParser parser, String guildId, String guildVariable, String token) {
        this.baseUrl = config.apiUrl().replaceAll("/+$", "");
        this.guildId = guildId;
        this.pageSize = config.pageSize();
        this.token = token;
        this.parser = parser;
        this.messages = new Mee6Messages(guildId, guildVariable, config.pageSize(), token != null);
    }

    /** How MEE6's board is read, from its settings. */
    static ReaderSettings settings(Mee6Config config, Duration fullReadEvery) {
        return ReaderSettings.of("MEE6", config.pageSize(), config.pageDelay(), config.maxPages(),
                config.maxPageBytes(), config, fullReadEvery);
    }

    @Override
    public String name() {
        return Mee6Messages.SOURCE;
    }

    @Override
    public String guildId() {
        return guildId;
    }

    @Override
    public URI pageUri(int page) {
        return URI.create(baseUrl + "/plugins/levels/leaderboard/" + guildId + "?page=" + page + "&limit=" + pageSize);
    }

    @Override
    public Map<String, String> headers() {
        // the raw token, no "Bearer": what MEE6's own web client sends
        return token == null ? Map.of() : Map.of("Authorization", token);
    }

    @Override
    public Optional<String> secret() {
        return Optional.ofNullable(token);
    }

    @Override
    public Page parse(int page, byte[] body) {
        LeaderboardPage parsed = parser.parse(body);
        messages.checkProvenance(page, parsed);
        List<Page.Player> players = parsed.players().stream().map(p -> new Page.Player(p.id(), p.xp())).toList();
        return new Page(players, LeaderboardParser.maxXpPerHour(parsed));
    }

    @Override
    public Optional<String> errorMessage(byte[] body) {
        return parser.errorMessage(body);
    }

    @Override
    public BoardMessages messages() {
        return messages;
    }
}
