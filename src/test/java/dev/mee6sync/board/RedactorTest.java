package dev.mee6sync.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactorTest {

    private static final String TOKEN = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Redactor redactor = new Redactor(TOKEN);

    @Test
    void masksTheWholeToken() {
        assertEquals("Authorization: *** and *** again",
                redactor.redact("Authorization: " + TOKEN + " and " + TOKEN + " again"));
    }

    @Test
    void masksATokenCutShort() {
        assertEquals("got \"***...\"", redactor.redact("got \"" + TOKEN.substring(0, 20) + "...\""));
        assertEquals("***", redactor.redact(TOKEN.substring(0, Redactor.PROBE)));
    }

    @Test
    void leavesOtherTextAlone() {
        assertEquals("abcdefghijk is shorter than the probe", redactor.redact("abcdefghijk is shorter than the probe"));
        assertEquals("no token", new Redactor(null).redact("no token"));
        assertEquals("no token", new Redactor("").redact("no token"));
    }

    @Test
    void masksAShortTokenWhole() {
        assertEquals("x *** y", new Redactor("s3cr3t").redact("x s3cr3t y"));
    }
}
