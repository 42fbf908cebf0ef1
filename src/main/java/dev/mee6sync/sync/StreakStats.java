package dev.mee6sync.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The outcome of the streak job (planned: it will maintain {@code member.current_streak}). */
@RegisterForReflection
public record StreakStats(int membersProcessed, int streaksIncremented, int streaksReset, int errors) {
}
