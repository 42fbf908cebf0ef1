package dev.mee6sync.board;

/**
 * Masks a source's secret (a token, a key) in text that may echo it. Texts are often cut, so any start of the secret
 * of {@value #PROBE} characters or more is masked too, not only the whole secret.
 */
final class Redactor {

    static final int PROBE = 12;
    static final String MASK = "***";

    private final String token;

    /** @param token the secret, or {@code null} when none is configured (nothing to mask) */
    Redactor(String token) {
        this.token = token == null || token.isEmpty() ? null : token;
    }

    String redact(String text) {
        if (token == null || text == null) {
            return text;
        }
        String probe = token.substring(0, Math.min(PROBE, token.length()));
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int at = text.indexOf(probe); at >= 0; at = text.indexOf(probe, from)) {
            int end = at;
            while (end < text.length() && end - at < token.length() && text.charAt(end) == token.charAt(end - at)) {
                end++;
            }
            out.append(text, from, at).append(MASK);
            from = end;
        }
        return out.append(text, from, text.length()).toString();
    }
}
