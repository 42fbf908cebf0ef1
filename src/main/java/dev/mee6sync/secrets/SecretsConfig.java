package dev.mee6sync.secrets;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the deployed function reads its secrets: AWS Secrets Manager, through the AWS Parameters and Secrets Lambda
 * Extension (a Lambda layer serving {@code GET /secretsmanager/get} on localhost). Nothing secret is ever an
 * environment value; the environment only names the secrets.
 * <ul>
 * <li>{@code MEE6_SECRETS_APP}: the secret (ARN or name) holding a JSON object with the optional keys
 * {@value AppSecrets#SENTRY_DSN_KEY}, {@value AppSecrets#MEE6_TOKEN_KEY} and {@value AppSecrets#LURKR_KEY_KEY}. Read
 * at each invocation.</li>
 * <li>The database secret is named by Quarkus' own {@code QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER} (with
 * {@code QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER_NAME=}{@value DatabaseCredentials#NAME}): see
 * {@link DatabaseCredentials}.</li>
 * </ul>
 * Unset (local runs, tests): the values come from ordinary configuration ({@code SENTRY_DSN}, {@code MEE6_AUTH_TOKEN},
 * {@code LURKR_API_KEY}, {@code QUARKUS_DATASOURCE_PASSWORD}).
 */
@ConfigMapping(prefix = "mee6.secrets")
public interface SecretsConfig {

    /** The secret with {@code sentryDsn}, {@code mee6AuthToken} and {@code lurkrApiKey}; unset: plain configuration. */
    Optional<String> app();

    /** The extension's endpoint. Its port follows the extension's own {@code PARAMETERS_SECRETS_EXTENSION_HTTP_PORT}. */
    @WithDefault("http://localhost:${PARAMETERS_SECRETS_EXTENSION_HTTP_PORT:2773}")
    String extensionUrl();

    /** Per request to the extension (it answers from its cache, or asks Secrets Manager). */
    @WithDefault("5s")
    Duration timeout();
}
