package dev.mee6sync.secrets;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mee6sync.text.Text;

/**
 * A client of the AWS Parameters and Secrets Lambda Extension: plain HTTP on localhost, no AWS SDK (it would not fit
 * Lambda's zip limit next to the JVM build). The extension answers during invocations only, never at start-up.
 */
public class SecretsExtension {

    static final String TOKEN_HEADER = "X-Aws-Parameters-Secrets-Token";
    private static final int MAX_BODY_CHARS = 300;

    private final URI baseUrl;
    private final Duration timeout;
    private final String sessionToken;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param sessionToken the invocation's {@code AWS_SESSION_TOKEN}; null outside Lambda (every request then fails
     *                     with a message saying so)
     */
    public SecretsExtension(String baseUrl, Duration timeout, String sessionToken) {
        this.baseUrl = URI.create(baseUrl.replaceAll("/+$", ""));
        this.timeout = timeout;
        this.sessionToken = sessionToken == null || sessionToken.isBlank() ? null : sessionToken;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The client of a deployed function: endpoint from configuration, token from the Lambda environment. */
    public static SecretsExtension fromEnvironment(SecretsConfig config) {
        return new SecretsExtension(config.extensionUrl(), config.timeout(), System.getenv("AWS_SESSION_TOKEN"));
    }

    /**
     * The secret's {@code SecretString}, parsed as a JSON object.
     *
     * @throws SecretsUnavailableException with a message naming the secret and the cause, never a value
     */
    public JsonNode secretJson(String secretId) {
        if (sessionToken == null) {
            throw new SecretsUnavailableException("Cannot read secret " + secretId + ": AWS_SESSION_TOKEN is not set. "
                    + "The AWS Parameters and Secrets extension answers only inside Lambda; outside it, leave "
                    + "MEE6_SECRETS_APP and QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER unset and configure the values "
                    + "directly (QUARKUS_DATASOURCE_PASSWORD, SENTRY_DSN, MEE6_AUTH_TOKEN)");
        }
        URI uri = baseUrl.resolve("/secretsmanager/get?secretId="
                + URLEncoder.encode(secretId, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header(TOKEN_HEADER, sessionToken).GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new SecretsUnavailableException("Cannot read secret " + secretId + ": nothing listens on " + baseUrl
                    + ". Is the AWS-Parameters-and-Secrets-Lambda-Extension layer attached to the function?", e);
        } catch (IOException e) {
            throw new SecretsUnavailableException("Cannot read secret " + secretId + " from the AWS Parameters and "
                    + "Secrets extension at " + baseUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecretsUnavailableException("Interrupted while reading secret " + secretId, e);
        }
        if (response.statusCode() != 200) {
            // the extension's error bodies carry Secrets Manager's error (AccessDenied, ResourceNotFound...), no value
            throw new SecretsUnavailableException("Cannot read secret " + secretId + ": the AWS Parameters and Secrets "
                    + "extension answered HTTP " + response.statusCode() + ": "
                    + Text.abbreviate(Text.oneLine(response.body()), MAX_BODY_CHARS)
                    + hint(response.statusCode()));
        }
        JsonNode secretString = parse(response.body(), secretId, "The extension's answer").get("SecretString");
        if (secretString == null || !secretString.isTextual()) {
            throw new SecretsUnavailableException("Secret " + secretId + " has no SecretString (binary secrets are not "
                    + "supported): store a JSON object as the secret's text");
        }
        JsonNode value = parse(secretString.asText(), secretId, "Its SecretString");
        if (!value.isObject()) {
            throw new SecretsUnavailableException("Secret " + secretId + " must hold a JSON object, not a "
                    + value.getNodeType().name().toLowerCase());
        }
        return value;
    }

    private JsonNode parse(String text, String secretId, String what) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            // no snippet: the text may be the secret itself
            throw new SecretsUnavailableException("Secret " + secretId + ": " + what + " is not JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    private static String hint(int status) {
        return switch (status) {
            case 400, 403 -> " (check that the function's role may call secretsmanager:GetSecretValue on it, and "
                    + "kms:Decrypt on its key if it is a customer-managed one)";
            case 401 -> " (the session token was refused)";
            case 404 -> " (check the secret's ARN)";
            default -> "";
        };
    }
}
