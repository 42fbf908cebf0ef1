package dev.mee6sync.mee6;

/**
 * Masks the MEE6 token in text that may echo it (a proxy's error page, a value MEE6 sent back). Texts are often cut
 * ("120 characters of the body..."), so any start of the token of {@value #PROBE} characters or more is masked too,
 * not only the whole token.
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
