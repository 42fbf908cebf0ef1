package dev.mee6sync.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void writesDurationsAsOperatorsSetAndReadThem() {
        assertThat(Durations.human(Duration.ZERO)).isEqualTo("0ms");
        assertThat(Durations.human(Duration.ofMillis(300))).isEqualTo("300ms");
        assertThat(Durations.human(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Durations.human(Duration.ofMinutes(15))).isEqualTo("15m");
        assertThat(Durations.human(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(Durations.human(Duration.ofSeconds(500))).isEqualTo("8m 20s");
        assertThat(Durations.human(Duration.ofMinutes(125))).isEqualTo("2h 5m");
        assertThat(Durations.human(Duration.ofMillis(1500))).isEqualTo("1s 500ms");
        assertThat(Durations.human(Duration.ofSeconds(-2))).isEqualTo("-2s");
    }

    @Test
    void abbreviatesLongText() {
        assertThat(Text.abbreviate("short", 10)).isEqualTo("short");
        assertThat(Text.abbreviate("0123456789abc", 10)).isEqualTo("0123456789...");
        assertThat(Text.abbreviate(null, 10)).isNull();
    }
}
