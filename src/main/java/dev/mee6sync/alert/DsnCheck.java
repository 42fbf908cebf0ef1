package dev.mee6sync.alert;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * What is wrong with a Sentry DSN ({@code https://<public key>@<host>/<project id>}), in words that never repeat the
 * DSN itself: its key is a credential, and a typo in a rotated secret must not end up in a log.
 */
final class DsnCheck {

    private DsnCheck() {
    }

    /** The problem of {@code dsn}; empty when it has the shape of a DSN. */
    static Optional<String> problem(String dsn) {
        URI uri;
        try {
            uri = new URI(dsn.strip());
        } catch (URISyntaxException e) {
            return Optional.of("it is not a URL (invalid character at position " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("it must start with https:// (or http://)");
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of(authority.contains("@") ? "it has no host after the '@'" : "it has no host");
        }
        if (uri.getRawUserInfo() == null || uri.getRawUserInfo().isBlank() || uri.getRawUserInfo().startsWith(":")) {
            return Optional.of("it has no public key before the '@'");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String projectId = path.substring(path.lastIndexOf('/') + 1);
        if (projectId.isBlank() || !projectId.chars().allMatch(Character::isDigit)) {
            return Optional.of("it does not end with a numeric project id (…/<project id>)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("it has a query or fragment after the project id");
        }
        return Optional.empty();
    }
}
