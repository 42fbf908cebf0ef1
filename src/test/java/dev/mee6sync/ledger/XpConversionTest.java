package dev.mee6sync.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XpConversionTest {

    @ParameterizedTest(name = "{0} XP with {1} carried -> {2} units, carry {3}")
    @CsvSource({
            "150, 0, 1, 50",
            "-60, 50, 0, -10",
            "50, 0, 0, 50",
            "-50, 50, 0, 0",
            "-250, 0, -2, -50",
            "250, 0, 2, 50",
            "99, 0, 0, 99",
            "100, 0, 1, 0",
            "-99, 0, 0, -99",
            "-100, 0, -1, 0",
            "1, 99, 1, 0",
            "-1, -99, -1, 0",
            "0, -10, 0, -10",
            "3000000000, 0, 30000000, 0"
    })
    void convertsEvery100XpAndCarriesTheRestWithItsSign(long delta, int carried, long units, int leftover) {
        XpConversion.Conversion conversion = XpConversion.convert(delta, carried);
        assertThat(conversion.units()).isEqualTo(units);
        assertThat(conversion.leftoverXp()).isEqualTo(leftover);
        assertThat(conversion.effectiveXp()).isEqualTo(delta + carried);
    }

    @Test
    void plus250ThenMinus60NetsTwoUnitsAndCarriesMinus10() {
        XpConversion.Conversion first = XpConversion.convert(250, 0);
        XpConversion.Conversion second = XpConversion.convert(-60, first.leftoverXp());
        assertThat(first.units() + second.units()).isEqualTo(2);
        assertThat(second.leftoverXp()).isEqualTo(-10);
    }

    /**
     * Conservation over random XP walks with gains and drops: whatever the sequence, the units paid and the carry
     * account for exactly the XP moved since the baseline, and the carry stays under 100 either way.
     */
    @RepeatedTest(value = 500, name = "random walk {currentRepetition}")
    void conservesXpOverRandomWalks(RepetitionInfo repetition) {
        long seed = 20261123L + repetition.getCurrentRepetition();
        Random random = new Random(seed);
        long baseline = random.nextInt(5_000_000);
        long xp = baseline;
        long units = 0;
        int leftover = 0;
        int steps = 1 + random.nextInt(60);
        for (int step = 0; step < steps; step++) {
            long delta = switch (random.nextInt(5)) {
                case 0 -> -random.nextInt(400);          // an admin removes XP
                case 1 -> random.nextInt(100);           // a few messages
                case 2 -> 0;                              // a quiet hour
                default -> random.nextInt(5_000);        // a busy hour
            };
            delta = Math.max(delta, -xp);                 // XP never goes below zero
            xp += delta;
            XpConversion.Conversion conversion = XpConversion.convert(delta, leftover);
            units += conversion.units();
            leftover = conversion.leftoverXp();
            assertThat(Math.abs(leftover)).as("seed %d step %d", seed, step).isLessThan(100);
            assertThat(units * 100 + leftover).as("seed %d step %d", seed, step).isEqualTo(xp - baseline);
        }
    }
}
