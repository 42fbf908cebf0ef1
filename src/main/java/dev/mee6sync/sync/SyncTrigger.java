package dev.mee6sync.sync;

/**
 * Why a run starts, and under which sync id.
 *
 * @param syncId the idempotency key of the run: a replay of the same id never writes anything twice
 * @param source what fired it: {@code eventbridge-rule}, {@code eventbridge-scheduler}, {@code manual},
 *               {@code local-schedule}...
 */
public record SyncTrigger(String syncId, String source) {

    public SyncTrigger {
        if (syncId == null || syncId.isBlank()) {
            throw new IllegalArgumentException("A sync needs a sync id");
        }
    }
}
