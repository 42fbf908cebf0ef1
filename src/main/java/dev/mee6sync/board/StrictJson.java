package dev.mee6sync.board;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

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

import dev.mee6sync.text.Text;

/**
 * Reads a page's JSON strictly (no coercion: {@code "xp": 1.5} or a numeric id fails instead of being converted): a
 * body that is not a page is {@link NotAPage}, a wrongly typed value inside one of its rows {@link InvalidData}.
 */
public final class StrictJson {

    private static final int MAX_SHOWN_VALUE = 40;

    private final ObjectMapper mapper = mapper();
    private final String rows;
    private final Function<String, String> expectation;

    /**
     * @param rows        the array of a page that holds its players: {@code players}, {@code levels}
     * @param expectation what a row's field must be, for messages ({@code xp}: "a non-negative integer"); asked with
     *                    {@code null} for the row itself
     */
    public StrictJson(String rows, Function<String, String> expectation) {
        this.rows = rows;
        this.expectation = expectation;
    }

    private static ObjectMapper mapper() {
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

    /** The body as a page of {@code type}; never null. */
    public <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw new NotAPage("an empty body");
        }
        if (startsWith(body, '<')) {
            throw new NotAPage("an HTML or XML page instead of JSON"); // a CDN's or proxy's error page, typically
        }
        T page;
        JsonParser parser = null;
        try {
            parser = mapper.createParser(body);
            page = mapper.readValue(parser, type);
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
        return page;
    }

    /** The non-blank text at {@code pointer} (such as {@code /error/message}) when the body is JSON that has one. */
    public Optional<String> text(byte[] body, String pointer) {
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(tree).map(root -> root.at(pointer))
                .filter(node -> node.isTextual() && !node.asText().isBlank()).map(JsonNode::asText);
    }

    /** A string value as a message shows it: quoted and cut; {@code null} bare. */
    public static String shown(String value) {
        return value == null ? "null" : "\"" + Text.abbreviate(value, MAX_SHOWN_VALUE) + "\"";
    }

    /**
     * A value of the wrong type. Inside a row it is a player's data; anywhere else (the root is an array, the rows are
     * a string...) the body is not a page. A syntax error found while binding (a truncated body) is the latter too.
     */
    private RuntimeException mappingFailure(DatabindException e, JsonParser parser) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonParseException syntax) {
                return new NotAPage("a body that is not valid JSON (" + syntax.getOriginalMessage() + ")");
            }
        }
        List<JsonMappingException.Reference> path = e instanceof JsonMappingException jme ? jme.getPath() : List.of();
        String field = path(path);
        if (path.size() < 2 || !rows.equals(path.get(0).getFieldName())) {
            return new NotAPage("a JSON body that is not a leaderboard page (" + (field.isEmpty() ? "root" : field)
                    + ": unexpected " + currentValue(parser) + ")");
        }
        return new InvalidData(field, "expected " + expectation.apply(path.get(path.size() - 1).getFieldName())
                + ", got " + currentValue(parser));
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
                default -> Text.abbreviate(parser.getText(), MAX_SHOWN_VALUE);
            };
        } catch (IOException e) {
            return token.asString() == null ? token.name() : token.asString();
        }
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
}
