package dev.mee6sync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mee6sync.config.SyncConfig;
import dev.mee6sync.job.Job;
import dev.mee6sync.job.RunRequest;
import dev.mee6sync.lambda.RunRequests;
import dev.mee6sync.lambda.LambdaEvent;
import dev.mee6sync.sync.SyncStats;
import dev.mee6sync.testing.Jobs;
import dev.mee6sync.testing.LedgerInvariants;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;
import dev.mee6sync.testing.MockEventServer;
import dev.mee6sync.testing.SentryStandIn;
import dev.mee6sync.testing.TestDatabase;
import io.restassured.response.ValidatableResponse;

/**
 * What every reliability class needs: a clean database and stand-ins, linked members and their board, runs through
 * the Lambda event API or straight on the job runner (for runs at the same moment, which the mock event server
 * would serialise), and the ledger read back. Counts runs and checks into the class's {@link Figures}.
 */
@ApplicationScoped
public class SyncHarness {

    static final String GUILD = Mee6StandIn.GUILD_ID;
    /** {@code %test.mee6.page-size} and {@code %test.mee6.batch-size}. */
    static final int PAGE_SIZE = 100;
    static final int BATCH_SIZE = 100;
    /**
     * Ledger invariants checked by {@link LedgerInvariants#violations()}: balance, conservation, one row, one
     * payment.
     */
    static final int LEDGER_INVARIANTS = 4;

    private final TestDatabase db;
    private final LedgerInvariants invariants;
    private final Jobs jobs;
    private final RunRequests requests;
    private final ObjectMapper json;
    private final DatabaseFaults faults;
    private final Mee6StandIn mee6 = Mee6StandIn.get();
    private Figures figures = new Figures("unnamed");

    public SyncHarness(TestDatabase db, LedgerInvariants invariants, Jobs jobs, ObjectMapper json,
            DatabaseFaults faults, @io.quarkus.arc.All List<Job<?, ?>> allJobs, SyncConfig config) {
        this.db = db;
        this.invariants = invariants;
        this.jobs = jobs;
        // the handler's window, as the test profile sets it
        this.requests = new RunRequests(allJobs, config.eventMaxAge(), java.time.Clock.systemUTC());
        this.json = json;
        this.faults = faults;
    }

    /** Before each test: empty ledger, no stubs, no Sentry events, no injected database faults. */
    public void reset(Figures figures) {
        this.figures = figures;
        faults.clear();
        db.reset();
        mee6.reset();
        SentryStandIn.reset();
    }

    // --- Members and boards ------------------------------------------------------------------------------------------

    /** Links {@code count} members with consecutive Discord ids; returns the ids in member order. */
    List<String> link(int count, long firstDiscordId) {
        db.insertMembers(firstDiscordId, count);
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(String.valueOf(firstDiscordId + i));
        }
        return ids;
    }

    /** The linked members' ids, in the order the sync batches them. */
    List<Long> memberIds() {
        return db.query("SELECT id FROM member WHERE discord_id IS NOT NULL ORDER BY id").stream()
                .map(row -> ((Number) row.get(0)).longValue()).toList();
    }

    /** XP for each id: {@code xp.applyAsLong(index)}. */
    static Map<String, Long> xp(List<String> ids, LongUnaryOperator xp) {
        Map<String, Long> board = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            board.put(ids.get(i), xp.applyAsLong(i));
        }
        return board;
    }

    /** Forgets every stub and serves this board, {@value #PAGE_SIZE} players a page, highest XP first. */
    void serve(Map<String, Long> xpByDiscordId) {
        mee6.reset();
        mee6.serveBoard(GUILD, players(xpByDiscordId), PAGE_SIZE);
    }

    static List<Player> players(Map<String, Long> xpByDiscordId) {
        List<Player> players = new ArrayList<>();
        xpByDiscordId.forEach((id, xp) -> players.add(new Player(id, xp)));
        return players;
    }

    /** The rows of {@code page} of this board, as MEE6 would serve them. */
    static List<Player> page(Map<String, Long> xpByDiscordId, int page) {
        List<Player> board = new ArrayList<>(players(xpByDiscordId));
        board.sort((a, b) -> Long.compare(b.xp(), a.xp()));
        return board.subList(Math.min(board.size(), page * PAGE_SIZE), Math.min(board.size(), (page + 1) * PAGE_SIZE));
    }

    // --- Runs --------------------------------------------------------------------------------------------------------

    /** One invocation through the Lambda event API. */
    ValidatableResponse invoke(String event) {
        figures.runs(1);
        return MockEventServer.invoke(event);
    }

    ValidatableResponse invokeSync(String syncId) {
        return invoke(MockEventServer.manualEvent(syncId));
    }

    /** The request the Lambda handler derives from {@code event} (same sync id for every delivery of a tick). */
    RunRequest trigger(String event) {
        try {
            return requests.from(json.readValue(event, LambdaEvent.class));
        } catch (Exception e) {
            throw new IllegalStateException("not an event: " + event, e);
        }
    }

    /** Starts every trigger on its own thread at the same moment, waits for all; returns stats in trigger order. */
    List<SyncStats> runAtOnce(List<RunRequest> triggers) throws Exception {
        try (ConcurrentRuns runs = start(triggers)) {
            return runs.awaitAll();
        }
    }

    /** Starts every trigger on its own thread at the same moment (released together by a latch). */
    ConcurrentRuns start(List<RunRequest> triggers) throws InterruptedException {
        figures.runs(triggers.size());
        return new ConcurrentRuns(triggers);
    }

    /** Runs in flight on their own threads; close to stop the threads. */
    final class ConcurrentRuns implements AutoCloseable {
        private final ExecutorService pool;
        private final List<Future<SyncStats>> runs = new ArrayList<>();

        private ConcurrentRuns(List<RunRequest> triggers) throws InterruptedException {
            pool = Executors.newFixedThreadPool(triggers.size());
            CountDownLatch ready = new CountDownLatch(triggers.size());
            CountDownLatch go = new CountDownLatch(1);
            for (RunRequest trigger : triggers) {
                runs.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return jobs.sync(trigger);
                }));
            }
            ready.await(10, TimeUnit.SECONDS);
            go.countDown();
        }

        /** Waits until {@code count} of the runs have ended; returns their stats. */
        List<SyncStats> awaitEnded(int count) throws Exception {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (runs.stream().filter(Future::isDone).count() < count) {
                if (System.nanoTime() > until) {
                    throw new AssertionError("only " + runs.stream().filter(Future::isDone).count() + " of "
                            + runs.size() + " runs ended within 30 s, expected " + count);
                }
                Thread.sleep(10);
            }
            List<SyncStats> ended = new ArrayList<>();
            for (Future<SyncStats> run : runs) {
                if (run.isDone()) {
                    ended.add(run.get());
                }
            }
            return ended;
        }

        List<SyncStats> awaitAll() throws Exception {
            List<SyncStats> stats = new ArrayList<>();
            for (Future<SyncStats> run : runs) {
                stats.add(run.get(60, TimeUnit.SECONDS));
            }
            return stats;
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    // --- The ledger read back ----------------------------------------------------------------------------------------

    /** Every ledger invariant holds ({@link LedgerInvariants}); counted as {@value #LEDGER_INVARIANTS} checks. */
    void assertLedgerSound(String when) {
        assertThat(invariants.violations()).as("ledger invariants %s", when).isEmpty();
        figures.checks(LEDGER_INVARIANTS);
    }

    long activityRows(String syncId) {
        return db.queryLong("SELECT count(*) FROM discord_activity WHERE sync_id = ?", syncId);
    }

    long transactions(String syncId) {
        return db.queryLong("SELECT count(*) FROM point_transaction WHERE sync_id = ?", syncId);
    }

    long allTransactions() {
        return db.queryLong("SELECT count(*) FROM point_transaction");
    }

    long totalPoints() {
        return db.queryLong("SELECT coalesce(sum(total_points), 0) FROM member");
    }

    /** Balances by member id. */
    Map<Long, Long> balances() {
        Map<Long, Long> balances = new LinkedHashMap<>();
        for (List<Object> row : db.query("SELECT id, total_points FROM member ORDER BY id")) {
            balances.put(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue());
        }
        return balances;
    }

    long failureCounter() {
        return db.queryLong("SELECT consecutive_failures FROM sync_state WHERE job = 'mee6'");
    }

    String lastError() {
        return (String) db.query("SELECT last_error FROM sync_state WHERE job = 'mee6'").get(0).get(0);
    }

    /** {@code [status, error, attempts]} of a sync id's {@code sync_run} row; empty when it has none. */
    List<Object> syncRun(String syncId) {
        List<List<Object>> rows = db.query("SELECT status, error, attempts FROM sync_run WHERE sync_id = ?", syncId);
        return rows.isEmpty() ? List.of() : rows.get(0);
    }

    /** Activity rows of one sync id per member id, for "which members did this run write". */
    List<Long> membersWithRows(String syncId) {
        return db.query("SELECT member_id FROM discord_activity WHERE sync_id = ? ORDER BY member_id", syncId).stream()
                .map(row -> ((Number) row.get(0)).longValue()).toList();
    }

    TestDatabase db() {
        return db;
    }

    Mee6StandIn mee6() {
        return mee6;
    }
}
