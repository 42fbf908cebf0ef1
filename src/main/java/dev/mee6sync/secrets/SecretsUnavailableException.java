package dev.mee6sync.secrets;

/** A secret could not be read. The message tells ops what to fix and never contains a secret value. */
public class SecretsUnavailableException extends RuntimeException {
    public SecretsUnavailableException(String message) {
        super(message);
    }

    public SecretsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
