package dev.mee6sync.reliability;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one reliability class did, printed when it ends (docs/reliability.md's "Figures" are the sum of these lines):
 * sync runs started, faults injected, and invariant checks passed (each ledger invariant evaluated after a run counts
 * once).
 */
final class Figures {

    private final String name;
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger faults = new AtomicInteger();
    private final AtomicInteger checks = new AtomicInteger();

    Figures(String name) {
        this.name = name;
    }

    void runs(int count) {
        runs.addAndGet(count);
    }

    void fault() {
        faults.incrementAndGet();
    }

    void checks(int count) {
        checks.addAndGet(count);
    }

    void print() {
        System.out.printf("[reliability] %s: %d sync runs, %d faults injected, %d invariant checks passed%n", name,
                runs.get(), faults.get(), checks.get());
    }
}
