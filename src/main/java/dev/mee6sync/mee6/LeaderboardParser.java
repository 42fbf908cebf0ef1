package dev.mee6sync.mee6;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Reads a leaderboard page strictly. Two kinds of failure, on purpose:
 * <ul>
 * <li>the body is not a leaderboard page at all (not JSON, truncated, no {@code players} array): {@link NotAPage},
 * which the caller treats as transient, like an HTML page from a CDN;</li>
 * <li>a player holds a value we refuse (an id that is not a snowflake, a missing, negative, fractional or implausible
 * {@code xp}): {@link InvalidData}, permanent, because paying points from data we do not trust is worse than not
 * syncing, and asking again at once will not change what MEE6 stores.</li>
 * </ul>
 * Its own {@link ObjectMapper}, never the application's: no coercion of floats or strings to numbers, nor of numbers
 * to strings, so {@code "xp": 1.5} or {@code "id": 401234567890123456} fail instead of being silently converted.
 */
final class LeaderboardParser {

    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,20}");
    private static final int MAX_SHOWN_VALUE = 40;

    private final ObjectMapper mapper;
    private final long maxPlausibleXp;

    LeaderboardParser(long maxPlausibleXp) {
        this.maxPlausibleXp = maxPlausibleXp;
        this.mapper = strictMapper();
    }

    static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Float, CoercionInputShape.String,
                CoercionInputShape.EmptyString, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Integer).setCoercion(shape, CoercionAction.Fail);
        }
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    /** The page, with its players in rank order, each with a valid id and xp. */
    LeaderboardPage parse(byte[] body) {
        if (body.length == 0) {
            throw new NotAPage("an empty body");
        }
        if (startsWith(body, '<')) {
            throw new NotAPage("an HTML or XML page instead of JSON"); // a CDN's or proxy's error page, typically
        }
        LeaderboardPage page;
        JsonParser parser = null;
        try {
            parser = mapper.createParser(body);
            page = mapper.readValue(parser, LeaderboardPage.class);
        } catch (JsonParseException e) {
            throw new NotAPage("a body that is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (DatabindException e) {
            throw mappingFailure(e, parser);
        } catch (IOException e) {
            throw new NotAPage("an unreadable body (" + e.getMessage() + ")");
        } finally {
            closeQuietly(parser);
        }
        if (page == null) {
            throw new NotAPage("a JSON body without a leaderboard (null)");
        }
        if (page.players() == null) {
            throw new NotAPage("a JSON body without a players array (players: missing or null)");
        }
        validate(page.players());
        return page;
    }

    /** The message of MEE6's JSON error body ({@code {"error":{"message":"..."}}}), when the body is one. */
    Optional<String> errorMessage(byte[] body) {
        try {
            JsonNode message = mapper.readTree(body).path("error").path("message");
            return message.isTextual() && !message.asText().isBlank() ? Optional.of(truncate(message.asText(), 200))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void validate(List<LeaderboardPage.Player> players) {
        for (int i = 0; i < players.size(); i++) {
            LeaderboardPage.Player player = players.get(i);
            if (player == null) {
                throw new InvalidData("players[" + i + "]", "expected a player object, got null");
            }
            if (player.id() == null) {
                throw new InvalidData("players[" + i + "].id", "missing");
            }
            if (!SNOWFLAKE.matcher(player.id()).matches()) {
                throw new InvalidData("players[" + i + "].id",
                        "expected a string of 1 to 20 digits, got " + shown(player.id()));
            }
            if (player.xp() == null) {
                throw new InvalidData("players[" + i + "].xp", "missing (player " + player.id() + ")");
            }
            if (player.xp() < 0) {
                throw new InvalidData("players[" + i + "].xp",
                        "expected a non-negative integer, got " + player.xp() + " (player " + player.id() + ")");
            }
            if (player.xp() > maxPlausibleXp) {
                throw new InvalidData("players[" + i + "].xp", "got " + player.xp() + " (player " + player.id()
                        + "), above MEE6_MAX_PLAUSIBLE_XP=" + maxPlausibleXp + ": treated as corrupt data");
            }
        }
    }

    /**
     * A value of the wrong type. Inside {@code players[i]} it is a player's data; anywhere else (the root is an array,
     * {@code players} is a string...) the body is not a leaderboard page. A syntax error found while binding (a
     * truncated body) is the latter too.
     */
    private static RuntimeException mappingFailure(DatabindException e, JsonParser parser) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonParseException syntax) {
                return new NotAPage("a body that is not valid JSON (" + syntax.getOriginalMessage() + ")");
            }
        }
        List<JsonMappingException.Reference> path = e instanceof JsonMappingException jme ? jme.getPath() : List.of();
        String field = path(path);
        if (path.size() < 2 || !"players".equals(path.get(0).getFieldName())) {
            return new NotAPage("a JSON body that is not a leaderboard page (" + (field.isEmpty() ? "root" : field)
                    + ": unexpected " + currentValue(parser) + ")");
        }
        return new InvalidData(field, "expected " + expectation(path.get(path.size() - 1).getFieldName()) + ", got "
                + currentValue(parser));
    }

    private static String expectation(String field) {
        if (field == null) {
            return "a player object";
        }
        return switch (field) {
            case "id" -> "a string of 1 to 20 digits";
            case "xp" -> "a non-negative integer";
            default -> "an integer";
        };
    }

    private static String path(List<JsonMappingException.Reference> path) {
        StringBuilder text = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                text.append(text.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                text.append('[').append(reference.getIndex()).append(']');
            }
        }
        return text.toString();
    }

    /** The JSON value the parser stopped at, as written (strings quoted), shortened. */
    private static String currentValue(JsonParser parser) {
        if (parser == null || parser.currentToken() == null) {
            return "an unexpected value";
        }
        JsonToken token = parser.currentToken();
        try {
            return switch (token) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case VALUE_STRING -> shown(parser.getText());
                default -> truncate(parser.getText());
            };
        } catch (IOException e) {
            return token.asString() == null ? token.name() : token.asString();
        }
    }

    private static String shown(String value) {
        return value == null ? "null" : "\"" + truncate(value) + "\"";
    }

    private static String truncate(String value) {
        return truncate(value, MAX_SHOWN_VALUE);
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max) + "...";
    }

    private static boolean startsWith(byte[] body, char expected) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == expected;
            }
        }
        return false;
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException ignored) {
                // nothing was written: closing a parser over a byte array cannot lose anything
            }
        }
    }

    /** The body is not a leaderboard page: MEE6 or a proxy in front of it answered something else. */
    static final class NotAPage extends RuntimeException {
        NotAPage(String description) {
            super(description, null, false, false);
        }
    }

    /** A page that MEE6 sent with data we refuse. */
    static final class InvalidData extends RuntimeException {
        InvalidData(String field, String problem) {
            super(field + ": " + problem, null, false, false);
        }
    }
}
