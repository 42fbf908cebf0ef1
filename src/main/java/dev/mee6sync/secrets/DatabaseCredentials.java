package dev.mee6sync.secrets;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.arc.Unremovable;
import io.quarkus.credentials.CredentialsProvider;

/**
 * The database login from a Secrets Manager secret ({@code {"username": ..., "password": ...}}, as RDS keeps a master
 * user's), asked for by the pool at each new connection: a rotated password is picked up once the extension's cache
 * ({@code SECRETS_MANAGER_TTL}) expires, without a redeploy (docs/configuration.md, "Database").
 */
@ApplicationScoped
@Unremovable // looked up by name by the datasource, not injected
@Named(DatabaseCredentials.NAME)
public class DatabaseCredentials implements CredentialsProvider {

    public static final String NAME = "aws-secrets-manager";
    private static final Logger LOG = Logger.getLogger(DatabaseCredentials.class);

    private final SecretsExtension extension;

    public DatabaseCredentials(SecretsConfig config) {
        this.extension = SecretsExtension.fromEnvironment(config);
    }

    /** @param secretId the value of {@code quarkus.datasource.credentials-provider}: the secret's ARN or name */
    @Override
    public Map<String, String> getCredentials(String secretId) {
        JsonNode secret = extension.secretJson(secretId);
        JsonNode password = secret.get("password");
        if (password == null || !password.isTextual() || password.asText().isEmpty()) {
            throw new SecretsUnavailableException("Secret " + secretId + " has no \"password\" key: the database "
                    + "secret must be a JSON object with \"username\" and \"password\"");
        }
        Map<String, String> credentials = new HashMap<>();
        credentials.put(PASSWORD_PROPERTY_NAME, password.asText());
        JsonNode username = secret.get("username");
        if (username != null && username.isTextual() && !username.asText().isEmpty()) {
            credentials.put(USER_PROPERTY_NAME, username.asText());
        }
        LOG.debugf("Database credentials read from secret %s (user %s)", secretId,
                credentials.getOrDefault(USER_PROPERTY_NAME, "from QUARKUS_DATASOURCE_USERNAME"));
        return credentials;
    }
}
