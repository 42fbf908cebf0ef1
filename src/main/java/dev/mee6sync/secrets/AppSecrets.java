package dev.mee6sync.secrets;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The application's own secrets (the Sentry DSN, the MEE6 token, the Lurkr key): from the {@code MEE6_SECRETS_APP}
 * secret, read by {@link #refresh()} at each invocation, else plain configuration (docs/configuration.md, "Secrets").
 */
@ApplicationScoped
public class AppSecrets {

    public static final String SENTRY_DSN_KEY = "sentryDsn";
    public static final String MEE6_TOKEN_KEY = "mee6AuthToken";
    public static final String LURKR_KEY_KEY = "lurkrApiKey";
    private static final Set<String> KEYS = Set.of(SENTRY_DSN_KEY, MEE6_TOKEN_KEY, LURKR_KEY_KEY);
    private static final Logger LOG = Logger.getLogger(AppSecrets.class);

    private final Optional<String> secretId;
    private final SecretsExtension extension;
    private final Values configured;
    private volatile Values current;

    public AppSecrets(SecretsConfig config, @ConfigProperty(name = "sentry.dsn") Optional<String> sentryDsn,
            @ConfigProperty(name = "mee6.auth-token") Optional<String> mee6Token,
            @ConfigProperty(name = "lurkr.api-key") Optional<String> lurkrKey) {
        this.secretId = config.app().filter(id -> !id.isBlank());
        this.extension = secretId.isPresent() ? SecretsExtension.fromEnvironment(config) : null;
        this.configured = new Values(nonBlank(sentryDsn), nonBlank(mee6Token), nonBlank(lurkrKey));
        this.current = configured;
    }

    /** Whether the values live in Secrets Manager, and so are known only once an invocation has started. */
    public boolean fromSecretsManager() {
        return secretId.isPresent();
    }

    /**
     * Reads the secret again (call at the start of each invocation). A no-op without {@code MEE6_SECRETS_APP}.
     *
     * @throws SecretsUnavailableException when the secret cannot be read
     */
    public void refresh() {
        if (secretId.isEmpty()) {
            return;
        }
        JsonNode secret = extension.secretJson(secretId.get());
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = secret.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            LOG.warnf("Secret %s has keys this function does not read: %s (it reads %s, %s and %s)", secretId.get(),
                    unknown, SENTRY_DSN_KEY, MEE6_TOKEN_KEY, LURKR_KEY_KEY);
        }
        current = new Values(text(secret, SENTRY_DSN_KEY).or(configured::sentryDsn),
                text(secret, MEE6_TOKEN_KEY).or(configured::mee6Token),
                text(secret, LURKR_KEY_KEY).or(configured::lurkrApiKey));
    }

    public Optional<String> sentryDsn() {
        return current.sentryDsn();
    }

    public Optional<String> mee6Token() {
        return current.mee6Token();
    }

    public Optional<String> lurkrApiKey() {
        return current.lurkrApiKey();
    }

    private static Optional<String> text(JsonNode secret, String key) {
        JsonNode value = secret.get(key);
        return value != null && value.isTextual() ? nonBlank(Optional.of(value.asText())) : Optional.empty();
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.filter(v -> !v.isBlank());
    }

    /** Never printed: {@code toString} shows which values are set, not what they are. */
    private record Values(Optional<String> sentryDsn, Optional<String> mee6Token, Optional<String> lurkrApiKey) {
        @Override
        public String toString() {
            return "Values[sentryDsn " + (sentryDsn.isPresent() ? "set" : "unset") + ", mee6Token "
                    + (mee6Token.isPresent() ? "set" : "unset") + ", lurkrApiKey "
                    + (lurkrApiKey.isPresent() ? "set" : "unset") + "]";
        }
    }
}
