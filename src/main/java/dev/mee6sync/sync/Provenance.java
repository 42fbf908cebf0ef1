package dev.mee6sync.sync;

import java.util.Objects;

/**
 * Where a reading comes from; a delta is taken only against the same provenance's last reading (docs/ledger-rules.md,
 * "2. Provenance").
 *
 * @param discordId the account
 * @param source    the XP source ({@code mee6}, {@code lurkr})
 * @param guildId   the guild; null for rows written before provenance was recorded with no guild configured
 * @param epoch     the epoch
 */
public record Provenance(String discordId, String source, String guildId, int epoch) {

    /** Why a member's next reading is a baseline, when its provenance changed. */
    public enum Change {
        RELINKED("re-linked to another Discord account"),
        SOURCE_CHANGED("the XP source changed"),
        GUILD_CHANGED("the configured guild changed"),
        REBASELINED("an operator started a new epoch (rebaseline)");

        private final String reason;

        Change(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** How {@code now} differs from this earlier provenance; null when they are the same. */
    public Change changeTo(Provenance now) {
        if (!Objects.equals(discordId, now.discordId)) {
            return Change.RELINKED;
        }
        if (!Objects.equals(source, now.source)) {
            return Change.SOURCE_CHANGED;
        }
        if (!Objects.equals(guildId, now.guildId)) {
            return Change.GUILD_CHANGED;
        }
        return epoch != now.epoch ? Change.REBASELINED : null;
    }
}
