package dev.mee6sync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.mee6sync.sync.SyncStats;
import dev.mee6sync.job.RunStatus;
import dev.mee6sync.testing.Mee6StandIn.Player;
import dev.mee6sync.testing.MockEventServer;
import dev.mee6sync.testing.SentryStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Fifty hourly ticks over random XP walks (gains, admin removals, members leaving the board and coming back, the board
 * halving now and then), each with a fault drawn at random: MEE6 refusing or failing (persistently or just once), the
 * sync's connection terminated mid-persist, a statement timeout mid-persist, the tick delivered twice or several
 * times at once, an earlier tick delivered again. A failure tends to last a few runs (an outage). After every run the
 * suite checks the ledger's invariants, compares every balance and carry with an independent model of the rules
 * (NOTES.md part 2) that knows which members each run processed, and checks the failure counter and the Sentry alerts
 * against what the model expects.
 * <p>
 * The seed is printed; replay a campaign with {@code -Dreliability.seed=<seed>}.
 */
@QuarkusTest
class RandomCampaignTest {

    static final Figures FIGURES = new Figures("Randomised campaign");
    /** 50; {@code -Dreliability.runs=500} for a longer campaign. */
    static final int RUNS = Integer.getInteger("reliability.runs", 50);
    static final int MEMBERS = 130; // two pages of the board, two batches of the sync
    static final long FIRST_ID = 600_000_000_000_000_000L;
    static final int ALERT_THRESHOLD = 3; // mee6.alert-after-failures default
    static final Instant FIRST_TICK = Instant.parse("2026-12-01T00:00:00Z");

    enum Fault {
        NONE(6), MEE6_REFUSES(2), MEE6_FAILS(2), MEE6_FAILS_ONCE(2), CONNECTION_TERMINATED(1), STATEMENT_TIMEOUT(1),
        DELIVERED_TWICE(1), DELIVERED_THRICE_AT_ONCE(1), EARLIER_TICK_AGAIN(1);

        static final List<Fault> FAILURES = List.of(MEE6_REFUSES, MEE6_FAILS, CONNECTION_TERMINATED,
                STATEMENT_TIMEOUT);

        final int weight;

        Fault(int weight) {
            this.weight = weight;
        }

        static Fault draw(Random random) {
            int total = 0;
            for (Fault fault : values()) {
                total += fault.weight;
            }
            int pick = random.nextInt(total);
            for (Fault fault : values()) {
                pick -= fault.weight;
                if (pick < 0) {
                    return fault;
                }
            }
            throw new IllegalStateException();
        }
    }

    static final List<Mee6Fault> REFUSALS = List.of(Mee6Fault.PRIVATE_401, Mee6Fault.UNKNOWN_GUILD_404,
            Mee6Fault.NEGATIVE_XP, Mee6Fault.NON_NUMERIC_ID);
    /** The transient modes that cost milliseconds (the 1 s Retry-After and the read timeout are in Mee6FaultTest). */
    static final List<Mee6Fault> TRANSIENTS = List.of(Mee6Fault.RATE_LIMITED_429, Mee6Fault.SERVER_ERROR_500,
            Mee6Fault.HTML_503, Mee6Fault.HTML_200, Mee6Fault.TRUNCATED_JSON);

    @Inject
    SyncHarness sync;

    @Inject
    DatabaseFaults faults;

    Random random;
    Model model;
    long seed;

    @AfterAll
    static void printFigures() {
        FIGURES.print();
    }

    @Test
    void fiftyRunsOverRandomXpWalksWithRandomFaultsKeepTheLedgerExact() throws Exception {
        seed = Long.getLong("reliability.seed", System.nanoTime());
        System.out.printf("[reliability] campaign seed %d (replay: -Dreliability.seed=%d)%n", seed, seed);
        random = new Random(seed);
        sync.reset(FIGURES);
        List<String> ids = sync.link(MEMBERS, FIRST_ID);
        model = new Model(ids, sync.memberIds());
        for (Member member : model.members) {
            member.xp = random.nextInt(100_000);
        }

        Map<Fault, Integer> drawn = new EnumMap<>(Fault.class);
        Map<RunStatus, Integer> outcomes = new EnumMap<>(RunStatus.class);
        List<String> ticks = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            Map<String, Long> board = walk();
            sync.serve(board);
            String tick = FIRST_TICK.plus(run, ChronoUnit.HOURS).toString();
            ticks.add(tick);
            // outages last: after a failed run, a third of the time the next one fails too (alerts, recoveries)
            Fault fault = model.failures > 0 && random.nextInt(3) == 0 ? pick(Fault.FAILURES) : Fault.draw(random);
            if (fault == Fault.EARLIER_TICK_AGAIN && run == 0) {
                fault = Fault.NONE;
            }
            if (fault == Fault.STATEMENT_TIMEOUT && !model.secondBatchPays()) {
                fault = Fault.CONNECTION_TERMINATED; // the timeout fires in the point transactions of batch 2
            }
            drawn.merge(fault, 1, Integer::sum);
            String context = "seed " + seed + ", run " + run + ", fault " + fault;
            RunStatus status = runWith(fault, tick, ticks, board, context);
            outcomes.merge(status, 1, Integer::sum);
            checkEverything(context);
        }

        System.out.printf("[reliability] campaign seed %d: %d runs; faults drawn %s; outcomes %s; %d outage alerts, "
                + "%d recovery events%n", seed, RUNS, drawn, outcomes, model.alerts, model.recoveries);
    }

    /** One step of every member's XP walk; returns the board MEE6 shows (members off the board left out). */
    private Map<String, Long> walk() {
        boolean shrinks = random.nextInt(15) == 0; // now and then half the board is missing
        Map<String, Long> board = new LinkedHashMap<>();
        for (Member member : model.members) {
            long delta = switch (random.nextInt(6)) {
                case 0 -> -random.nextInt(500); // an admin removed XP
                case 1 -> 0;
                default -> random.nextInt(1_200);
            };
            member.xp = Math.max(0, member.xp + delta);
            member.onBoard = shrinks ? random.nextBoolean() : random.nextInt(10) > 0;
            if (member.onBoard) {
                board.put(member.discordId, member.xp);
            }
        }
        return board;
    }

    /** Runs the tick with the fault, checks its status and message, and tells the model what was written. */
    private RunStatus runWith(Fault fault, String tick, List<String> ticks, Map<String, Long> board, String context)
            throws Exception {
        String syncId = "scheduled-" + tick;
        String event = MockEventServer.scheduledEvent(tick);
        switch (fault) {
            case NONE -> {
                sync.invoke(event).statusCode(200).body("status", equalTo("COMPLETED"));
                model.completed(syncId);
                return RunStatus.COMPLETED;
            }
            case MEE6_REFUSES, MEE6_FAILS -> {
                Mee6Fault mee6Fault = pick(fault == Fault.MEE6_REFUSES ? REFUSALS : TRANSIENTS);
                int page = injectPersistently(mee6Fault, board);
                FIGURES.fault();
                sync.invoke(event).statusCode(500)
                        .body("errorMessage", containsString("Sync " + syncId + " failed: MEE6 fetch failed"))
                        .body("errorMessage", containsString(mee6Fault.says.get(0)));
                System.out.printf("[reliability] %s: %s on page %d%n", context, mee6Fault, page);
                model.failed(syncId, 0);
                return RunStatus.FAILED;
            }
            case MEE6_FAILS_ONCE -> {
                Mee6Fault mee6Fault = pick(TRANSIENTS);
                int page = random.nextInt(pagesRead(board));
                List<Player> rows = SyncHarness.page(board, page);
                sync.mee6().servePageInTurn(SyncHarness.GUILD, page, mee6Fault.answer(page, rows),
                        Mee6Fault.healthy(page, rows));
                FIGURES.fault();
                sync.invoke(event).statusCode(200).body("status", equalTo("COMPLETED"))
                        .body("mee6Retries", greaterThanOrEqualTo(1));
                model.completed(syncId);
                return RunStatus.COMPLETED;
            }
            case CONNECTION_TERMINATED -> {
                ValidatableResponse response;
                ExecutorService background = Executors.newSingleThreadExecutor();
                try (DatabaseFaults.Gate gate = faults.gateBefore(syncId, model.members.get(SyncHarness.BATCH_SIZE).id)) {
                    Future<ValidatableResponse> run = background.submit(() -> sync.invoke(event));
                    gate.terminateBlockedBackend();
                    FIGURES.fault();
                    response = run.get(30, TimeUnit.SECONDS);
                } finally {
                    background.shutdownNow();
                }
                response.statusCode(500).body("errorMessage", containsString("Database error"));
                model.failed(syncId, SyncHarness.BATCH_SIZE);
                return RunStatus.FAILED;
            }
            case STATEMENT_TIMEOUT -> {
                faults.statementTimeoutInBatchOf(syncId, model.members.get(SyncHarness.BATCH_SIZE).id);
                FIGURES.fault();
                try {
                    sync.invoke(event).statusCode(500).body("errorMessage", containsString("statement timeout"));
                } finally {
                    faults.clear();
                }
                model.failed(syncId, SyncHarness.BATCH_SIZE);
                return RunStatus.FAILED;
            }
            case DELIVERED_TWICE -> {
                sync.invoke(event).statusCode(200).body("status", equalTo("COMPLETED"));
                model.completed(syncId);
                FIGURES.fault();
                sync.invoke(event).statusCode(200).body("status", equalTo("SKIPPED"));
                return RunStatus.COMPLETED;
            }
            case DELIVERED_THRICE_AT_ONCE -> {
                FIGURES.fault();
                List<SyncStats> stats = sync.runAtOnce(Collections.nCopies(3, sync.trigger(event)));
                assertThat(stats.stream().map(SyncStats::status).toList()).as(context)
                        .containsOnlyOnce(RunStatus.COMPLETED).containsOnly(RunStatus.COMPLETED, RunStatus.SKIPPED);
                model.completed(syncId);
                return RunStatus.COMPLETED;
            }
            case EARLIER_TICK_AGAIN -> {
                String earlier = ticks.get(random.nextInt(ticks.size() - 1));
                String earlierId = "scheduled-" + earlier;
                FIGURES.fault();
                ValidatableResponse response = sync.invoke(MockEventServer.scheduledEvent(earlier)).statusCode(200);
                if (model.isCompleted(earlierId)) {
                    response.body("status", equalTo("SKIPPED")).body("message", containsString("already completed"));
                    return RunStatus.SKIPPED;
                }
                response.body("status", equalTo("COMPLETED")); // a failed tick resumes, reading today's board
                model.completed(earlierId);
                return RunStatus.COMPLETED;
            }
            default -> throw new IllegalStateException(fault.name());
        }
    }

    /** Pages the fetch reads: page 0, and page 1 when page 0 is full (it stops at a short page). */
    private static int pagesRead(Map<String, Long> board) {
        return board.size() >= SyncHarness.PAGE_SIZE ? 2 : 1;
    }

    private int injectPersistently(Mee6Fault fault, Map<String, Long> board) {
        int page = random.nextInt(pagesRead(board));
        if (fault.isAboutData() && SyncHarness.page(board, page).isEmpty()) {
            page = 0; // a corrupt row needs a row
        }
        sync.mee6().servePage(SyncHarness.GUILD, page, fault.answer(page, SyncHarness.page(board, page)));
        return page;
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** After every run: the ledger invariants, the model's balances and carries, the counter, the alerts. */
    private void checkEverything(String context) {
        sync.assertLedgerSound(context);

        Map<Long, Long> balances = sync.balances();
        Map<Long, Integer> carries = new HashMap<>();
        for (List<Object> row : sync.db().query("SELECT DISTINCT ON (member_id) member_id, leftover_xp "
                + "FROM discord_activity ORDER BY member_id, id DESC")) {
            carries.put(((Number) row.get(0)).longValue(), (Integer) row.get(1));
        }
        for (Member member : model.members) {
            assertThat(balances.get(member.id)).as("%s: balance of member %d", context, member.id)
                    .isEqualTo(member.points);
            assertThat(carries.get(member.id)).as("%s: carry of member %d", context, member.id)
                    .isEqualTo(member.seen ? member.leftover : null);
        }
        Map<String, Long> rowsPerSyncId = new HashMap<>();
        for (List<Object> row : sync.db().query("SELECT sync_id, count(*) FROM discord_activity GROUP BY sync_id")) {
            rowsPerSyncId.put((String) row.get(0), ((Number) row.get(1)).longValue());
        }
        Map<String, Long> expectedRows = new HashMap<>();
        model.processed.forEach((syncId, written) -> {
            if (!written.isEmpty()) {
                expectedRows.put(syncId, (long) written.size());
            }
        });
        assertThat(rowsPerSyncId).as("%s: activity rows per sync id", context).isEqualTo(expectedRows);
        assertThat(sync.failureCounter()).as("%s: failure counter", context).isEqualTo(model.failures);
        assertThat(SentryStandIn.eventsContaining("consecutive sync failures")).as("%s: outage alerts", context)
                .hasSize(model.alerts);
        assertThat(SentryStandIn.eventsContaining("recovered")).as("%s: recovery events", context)
                .hasSize(model.recoveries);
        FIGURES.checks(4); // balances and carries against the model, rows per sync id, failure counter, alerts
    }

    /** A linked member as the model sees it: MEE6's XP, and what the ledger should hold for it. */
    static final class Member {
        final String discordId;
        final long id;
        long xp;
        boolean onBoard = true;
        boolean seen;
        Long lastObserved;
        int leftover;
        long points;

        Member(String discordId, long id) {
            this.discordId = discordId;
            this.id = id;
        }
    }

    /**
     * The rules of NOTES.md part 2, written again independently of the code under test, plus the failure counter and
     * alerting rules. Knows which members each sync id has processed, so a resumed run skips the same ones.
     */
    static final class Model {
        final List<Member> members = new ArrayList<>();
        final Map<String, Set<Integer>> processed = new LinkedHashMap<>();
        final Set<String> completedIds = new HashSet<>();
        int failures;
        boolean alerted;
        int alerts;
        int recoveries;

        Model(List<String> discordIds, List<Long> memberIds) {
            for (int i = 0; i < discordIds.size(); i++) {
                members.add(new Member(discordIds.get(i), memberIds.get(i)));
            }
        }

        boolean isCompleted(String syncId) {
            return completedIds.contains(syncId);
        }

        void completed(String syncId) {
            for (int i = 0; i < members.size(); i++) {
                process(syncId, i);
            }
            completedIds.add(syncId);
            if (alerted) {
                recoveries++;
            }
            alerted = false;
            failures = 0;
        }

        /** A failed run that committed the members before {@code committedUpTo} (its first batches). */
        void failed(String syncId, int committedUpTo) {
            for (int i = 0; i < committedUpTo; i++) {
                process(syncId, i);
            }
            processed.computeIfAbsent(syncId, id -> new HashSet<>());
            failures++;
            if (failures >= ALERT_THRESHOLD && !alerted) {
                alerts++;
                alerted = true;
            }
        }

        /** Whether a member of the second batch would get a point transaction now (the timeout needs one). */
        boolean secondBatchPays() {
            for (int i = SyncHarness.BATCH_SIZE; i < members.size(); i++) {
                Member m = members.get(i);
                if (m.seen && m.onBoard) {
                    long effective = m.xp - (m.lastObserved == null ? 0 : m.lastObserved) + m.leftover;
                    if (effective / 100 != 0) {
                        return true;
                    }
                }
            }
            return false;
        }

        private void process(String syncId, int index) {
            if (!processed.computeIfAbsent(syncId, id -> new HashSet<>()).add(index)) {
                return; // an earlier attempt of this sync id wrote it
            }
            Member m = members.get(index);
            if (!m.seen) { // first sync: a baseline (or an absence), nothing paid
                m.seen = true;
                m.lastObserved = m.onBoard ? m.xp : null;
                m.leftover = 0;
                return;
            }
            if (!m.onBoard) {
                return; // absence: no reading, nothing changes
            }
            long effective = m.xp - (m.lastObserved == null ? 0 : m.lastObserved) + m.leftover;
            long units = effective / 100; // toward zero, like Java's division
            m.points += units; // point_config: 1 point per 100 XP
            m.leftover = (int) (effective - units * 100);
            m.lastObserved = m.xp;
        }
    }
}
