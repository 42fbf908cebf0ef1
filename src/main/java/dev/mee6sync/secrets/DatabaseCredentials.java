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
 * The database login, from a Secrets Manager secret holding {@code {"username": ..., "password": ...}}: the format
 * of the secret RDS manages for a master user ({@code ManageMasterUserPassword}) and of one made with
 * {@code aws secretsmanager create-secret}. Enabled by
 * <pre>
 * QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER=&lt;the secret's ARN&gt;
 * QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER_NAME=aws-secrets-manager
 * </pre>
 * The connection pool asks for the credentials each time it opens a connection, so the secret is read only inside
 * an invocation (the extension refuses INIT-phase requests), and a rotated password is picked up within the
 * extension's cache time, without a redeploy or a cold start.
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
