package dev.mee6sync.lurkr;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mee6sync.board.Board;
import dev.mee6sync.board.BoardMessages;
import dev.mee6sync.board.Page;
import dev.mee6sync.board.ReaderSettings;

/**
 * Lurkr's leaderboard for one read: its URL (pages from 1), the key as {@code X-API-Key}, its parser, its rate-limit
 * headers and its messages.
 */
final class LurkrBoard implements Board {

    /** Lurkr's pages hold at most 100 entries; a shorter page ends the board. */
    static final int PAGE_SIZE = 100;
    /** The pause when the limit is used up and the answer does not say for how long: one window of a minute. */
    private static final Duration DEFAULT_RESET = Duration.ofSeconds(60);

    private final String baseUrl;
    private final String guildId;
    private final String key;
    private final LurkrParser parser;
    private final LurkrMessages messages;

    /** @param key the Lurkr API key, or null */
    LurkrBoard(LurkrConfig config, LurkrParser parser, String guildId, String guildVariable, String key) {
        this.baseUrl = config.apiUrl().replaceAll("/+$", "");
        this.guildId = guildId;
        this.key = key;
        this.parser = parser;
        this.messages = new LurkrMessages(guildId, guildVariable, key != null);
    }

    /** How Lurkr's board is read, from its settings. */
    static ReaderSettings settings(LurkrConfig config, Duration fullReadEvery) {
        return ReaderSettings.of("LURKR", PAGE_SIZE, config.pageDelay(), config.maxPages(), config.maxPageBytes(),
                config, fullReadEvery);
    }

    @Override
    public String name() {
        return LurkrMessages.SOURCE;
    }

    @Override
    public String guildId() {
        return guildId;
    }

    @Override
    public URI pageUri(int page) {
        return URI.create(baseUrl + "/levels/" + URLEncoder.encode(guildId, StandardCharsets.UTF_8) + "?page="
                + shownPage(page));
    }

    @Override
    public Map<String, String> headers() {
        return key == null ? Map.of() : Map.of("X-API-Key", key);
    }

    @Override
    public Optional<String> secret() {
        return Optional.ofNullable(key);
    }

    /** Lurkr numbers its pages from 1. */
    @Override
    public int shownPage(int page) {
        return page + 1;
    }

    @Override
    public Page parse(int page, byte[] body) {
        LurkrPage parsed = parser.parse(body);
        messages.checkGuild(shownPage(page), parsed);
        messages.checkRanks(shownPage(page), parsed.levels());
        List<Page.Player> players = parsed.levels().stream().map(l -> new Page.Player(l.userId(), l.xp())).toList();
        return new Page(players, LurkrParser.maxXpPerHour(parsed));
    }

    @Override
    public Optional<String> errorMessage(byte[] body) {
        return parser.errorMessage(body);
    }

    /**
     * Before the limit, not after it: when an answer says no request is left in the window, wait until it resets
     * ({@code X-RateLimit-Reset}, in seconds) rather than run into a 429.
     */
    @Override
    public Duration pauseAfter(HttpHeaders headers) {
        Optional<BigDecimal> remaining = number(headers, "X-RateLimit-Remaining");
        if (remaining.isEmpty() || remaining.get().signum() > 0) {
            return Duration.ZERO;
        }
        return number(headers, "X-RateLimit-Reset")
                .map(seconds -> Duration.ofMillis(seconds.movePointRight(3).max(BigDecimal.ZERO).longValue()))
                .orElse(DEFAULT_RESET);
    }

    private static Optional<BigDecimal> number(HttpHeaders headers, String name) {
        try {
            return headers.firstValue(name).map(String::trim).map(BigDecimal::new);
        } catch (NumberFormatException e) {
            return Optional.empty(); // a header we cannot read asks for nothing; a 429 would still be honoured
        }
    }

    @Override
    public BoardMessages messages() {
        return messages;
    }
}
