package dev.mee6sync.secrets;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the deployed function reads its secrets: Secrets Manager through the AWS Parameters and Secrets Lambda
 * Extension; the environment only names them (docs/configuration.md, "Secrets").
 */
@ConfigMapping(prefix = "mee6.secrets")
public interface SecretsConfig {

    /** The secret with {@code sentryDsn}, {@code mee6AuthToken} and {@code lurkrApiKey}; unset: plain configuration. */
    Optional<String> app();

    /** The extension's endpoint; its port follows {@code PARAMETERS_SECRETS_EXTENSION_HTTP_PORT}. */
    @WithDefault("http://localhost:${PARAMETERS_SECRETS_EXTENSION_HTTP_PORT:2773}")
    String extensionUrl();

    /** Per request to the extension (it answers from its cache, or asks Secrets Manager). */
    @WithDefault("5s")
    Duration timeout();
}
