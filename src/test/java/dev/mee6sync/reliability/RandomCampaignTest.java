package dev.mee6sync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.time.Duration;
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
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.job.RunStatus;
import dev.mee6sync.sync.SyncStats;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;
import dev.mee6sync.testing.MockEventServer;
import dev.mee6sync.testing.SentryStandIn;
import dev.mee6sync.testing.SwitchableGuildSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/**
 * Fifty hourly ticks over random XP walks (gains, admin removals, members leaving the board and coming back, the board
 * halving now and then), with the world changing as it does in production: members re-linked to other accounts, the
 * community moving to another guild once, an admin resetting many members' XP. Each tick draws a fault: MEE6 refusing
 * or failing (persistently or just once), the sync's connection terminated mid-persist, a statement timeout
 * mid-persist, the tick delivered twice or several times at once, an earlier tick delivered again. A failure tends to
 * last a few runs (an outage). Runs read the board down to the members' XP floor, or whole (first syncs, changed
 * provenances, daily): the model predicts which members each read finds.
 * <p>
 * After every run the suite checks the ledger's invariants, compares every balance and carry with an independent model
 * of the rules (docs/ledger-rules.md) that knows which members each run processed, and checks the failure counter and
 * the Sentry alerts against what the model expects. A run the guard refuses as a mass change is followed by an
 * operator's decision (apply or rebaseline), drawn at random.
 * <p>
 * The seed is printed; replay a campaign with {@code -Dreliability.seed=<seed>}.
 */
@QuarkusTest
@TestProfile(RandomCampaignTest.SwitchableGuild.class)
class RandomCampaignTest {

    static final Figures FIGURES = new Figures("Randomised campaign");
    /** 50; {@code -Dreliability.runs=500} for a longer campaign. */
    static final int RUNS = Integer.getInteger("reliability.runs", 50);
    static final int MEMBERS = 130; // two pages of the board, two batches of the sync
    static final long FIRST_ID = 600_000_000_000_000_000L;
    /** Accounts members are re-linked to: never one of the members' first ids. */
    static final long RELINK_ID = 610_000_000_000_000_000L;
    static final String OTHER_GUILD = "923456789012345678";
    static final int ALERT_THRESHOLD = 3; // mee6.alert-after-failures default
    static final long MAX_XP_PER_HOUR = 3_000; // mee6.max-xp-per-hour default
    static final Duration FULL_READ_EVERY = Duration.ofHours(24); // mee6.full-read-every default
    static final int MIN_MEMBERS = 5; // mee6.mass-change.min-members default
    static final double SHARE = 0.2; // mee6.mass-change.share default
    static final Instant FIRST_TICK = Instant.parse("2026-12-01T00:00:00Z");
    static final String ALERT = "consecutive sync failures";

    /** The campaign can move the community to another guild, as a redeploy with another MEE6_GUILD_ID would. */
    public static class SwitchableGuild implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(SwitchableGuildSource.class);
        }
    }

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

    /** What happens to the world before a tick, besides the XP walk. */
    enum Change {
        NONE, RELINK, GUILD_MOVES, XP_RESET
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

    @Inject
    SwitchableGuildSource source;

    Random random;
    Model model;
    long seed;
    int guildMoveAt;

    @AfterAll
    static void printFigures() {
        FIGURES.print();
    }

    @AfterEach
    void backToTheConfiguredGuild() {
        source.useGuild(null);
    }

    @Test
    void fiftyRunsOverRandomXpWalksWithRandomFaultsKeepTheLedgerExact() throws Exception {
        seed = Long.getLong("reliability.seed", System.nanoTime());
        System.out.printf("[reliability] campaign seed %d (replay: -Dreliability.seed=%d)%n", seed, seed);
        random = new Random(seed);
        sync.reset(FIGURES);
        List<String> ids = sync.link(MEMBERS, FIRST_ID);
        model = new Model(ids, sync.memberIds(), SyncHarness.GUILD);
        for (Member member : model.members) {
            member.xp = random.nextInt(100_000);
        }
        guildMoveAt = RUNS / 2 + random.nextInt(Math.max(1, RUNS / 4));

        Map<Fault, Integer> drawn = new EnumMap<>(Fault.class);
        Map<Change, Integer> changes = new EnumMap<>(Change.class);
        Map<RunStatus, Integer> outcomes = new EnumMap<>(RunStatus.class);
        List<String> ticks = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            Change change = change(run);
            changes.merge(change, 1, Integer::sum);
            Map<String, Long> board = walk(change);
            sync.mee6().reset();
            sync.mee6().serveBoard(model.guild, SyncHarness.players(board), SyncHarness.PAGE_SIZE);
            String tick = FIRST_TICK.plus(run, ChronoUnit.HOURS).toString();
            ticks.add(tick);
            // outages last: after a failed run, a third of the time the next one fails too (alerts, recoveries)
            Fault fault = model.failures > 0 && random.nextInt(3) == 0 ? pick(Fault.FAILURES) : Fault.draw(random);
            fault = feasible(fault, run, "scheduled-" + tick, Instant.parse(tick), board, ticks);
            drawn.merge(fault, 1, Integer::sum);
            String context = "seed " + seed + ", run " + run + ", " + change + ", fault " + fault;
            RunStatus status = runWith(fault, tick, ticks, board, context);
            outcomes.merge(status, 1, Integer::sum);
            checkEverything(context);
        }

        // the shipped audit agrees with the model: every invariant holds on the ledger the campaign left
        sync.invoke("{\"job\": \"audit\", \"syncId\": \"campaign-audit\"}").statusCode(200)
                .body("status", equalTo("OK")).body("membersChecked", equalTo(MEMBERS));
        FIGURES.checks(1);

        System.out.printf("[reliability] campaign seed %d: %d runs; world changes %s; faults drawn %s; outcomes %s; "
                + "%d outage alerts, %d recovery events, %d mass changes refused (%d applied, %d rebaselined), "
                + "%d full reads%n", seed, RUNS, changes, drawn, outcomes, model.alerts, model.recoveries,
                model.refusals, model.applied, model.rebaselined, model.fullReads);
    }

    private Change change(int run) {
        if (run == guildMoveAt) {
            return Change.GUILD_MOVES;
        }
        if (run > 2 && random.nextInt(25) == 0) {
            return Change.XP_RESET;
        }
        return run > 0 && random.nextInt(6) == 0 ? Change.RELINK : Change.NONE;
    }

    /** One step of the world: the change, then every member's XP walk; returns the board MEE6 shows. */
    private Map<String, Long> walk(Change change) {
        switch (change) {
            case RELINK -> {
                Member member = model.members.get(random.nextInt(MEMBERS));
                member.discordId = String.valueOf(RELINK_ID + model.relinks++);
                member.xp = random.nextBoolean() ? random.nextInt(2_000) : 50_000 + random.nextInt(500_000);
                sync.db().execute("UPDATE member SET discord_id = ? WHERE id = ?", member.discordId, member.id);
            }
            case GUILD_MOVES -> {
                model.guild = OTHER_GUILD;
                source.useGuild(OTHER_GUILD);
                for (Member member : model.members) {
                    member.xp = random.nextInt(5_000); // a new server: its own board, mostly little XP yet
                }
            }
            case XP_RESET -> {
                for (Member member : model.members) {
                    if (random.nextInt(4) > 0) {
                        member.xp = random.nextInt(300); // an admin reset most members' XP
                    }
                }
            }
            default -> {
            }
        }
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

    /**
     * A fault that can happen on this tick: a database fault needs a run that writes (not one the guard refuses), a
     * MEE6 fault a run that reads a page, several deliveries at once a run whose outcome does not depend on which
     * delivery gets the lock first.
     */
    private Fault feasible(Fault fault, int run, String syncId, Instant time, Map<String, Long> board,
            List<String> ticks) {
        Model.Read read = model.read(syncId, time, board, null);
        boolean refused = model.refusal(syncId, time, board, null, read) != null;
        return switch (fault) {
            case EARLIER_TICK_AGAIN -> run == 0 ? Fault.NONE : fault;
            case MEE6_REFUSES, MEE6_FAILS, MEE6_FAILS_ONCE -> read.pages().isEmpty() ? Fault.NONE : fault;
            case CONNECTION_TERMINATED -> refused ? Fault.NONE : fault;
            case STATEMENT_TIMEOUT -> refused ? Fault.NONE
                    : model.secondBatchPays(syncId, time, board, read) ? fault : Fault.CONNECTION_TERMINATED;
            case DELIVERED_THRICE_AT_ONCE -> refused ? Fault.NONE : fault;
            default -> fault;
        };
    }

    /** Runs the tick with the fault, checks its status and message, and tells the model what was written. */
    private RunStatus runWith(Fault fault, String tick, List<String> ticks, Map<String, Long> board, String context)
            throws Exception {
        String syncId = "scheduled-" + tick;
        Instant time = Instant.parse(tick);
        String event = MockEventServer.scheduledEvent(tick);
        switch (fault) {
            case NONE -> {
                return deliver(event, syncId, time, board, context);
            }
            case MEE6_REFUSES, MEE6_FAILS -> {
                Mee6Fault mee6Fault = pick(fault == Fault.MEE6_REFUSES ? REFUSALS : TRANSIENTS);
                int page = injectPersistently(mee6Fault, board, model.read(syncId, time, board, null));
                FIGURES.fault();
                sync.invoke(event).statusCode(500)
                        .body("errorMessage", containsString("Sync " + syncId + " failed: MEE6 fetch failed"))
                        .body("errorMessage", containsString(mee6Fault.says(model.guild).get(0)));
                System.out.printf("[reliability] %s: %s on page %d%n", context, mee6Fault, page);
                model.failed(syncId, time, board, 0, false);
                return RunStatus.FAILED;
            }
            case MEE6_FAILS_ONCE -> {
                Mee6Fault mee6Fault = pick(TRANSIENTS);
                List<Integer> pages = model.read(syncId, time, board, null).pages();
                int page = pages.get(random.nextInt(pages.size()));
                List<Player> rows = SyncHarness.page(board, page);
                sync.mee6().servePageInTurn(model.guild, page, mee6Fault.answer(model.guild, page, rows),
                        Mee6Fault.healthy(model.guild, page, rows));
                FIGURES.fault();
                ValidatableResponse response = sync.invoke(event);
                if (model.refusal(syncId, time, board, null, model.read(syncId, time, board, null)) != null) {
                    return refused(response, syncId, time, board, context);
                }
                response.statusCode(200).body("status", equalTo("COMPLETED"))
                        .body("mee6Retries", greaterThanOrEqualTo(1));
                model.completed(syncId, time, board, null);
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
                model.failed(syncId, time, board, SyncHarness.BATCH_SIZE, false);
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
                model.failed(syncId, time, board, SyncHarness.BATCH_SIZE, false);
                return RunStatus.FAILED;
            }
            case DELIVERED_TWICE -> {
                RunStatus first = deliver(event, syncId, time, board, context);
                FIGURES.fault();
                if (first == RunStatus.COMPLETED) {
                    sync.invoke(event).statusCode(200).body("status", equalTo("SKIPPED"));
                    return first;
                }
                return deliver(event, syncId, time, board, context); // refused again: the same board
            }
            case DELIVERED_THRICE_AT_ONCE -> {
                FIGURES.fault();
                List<SyncStats> stats = sync.runAtOnce(Collections.nCopies(3, sync.trigger(event)));
                assertThat(stats.stream().map(SyncStats::status).toList()).as(context)
                        .containsOnlyOnce(RunStatus.COMPLETED).containsOnly(RunStatus.COMPLETED, RunStatus.SKIPPED);
                model.completed(syncId, time, board, null);
                return RunStatus.COMPLETED;
            }
            case EARLIER_TICK_AGAIN -> {
                String earlier = ticks.get(random.nextInt(ticks.size() - 1));
                String earlierId = "scheduled-" + earlier;
                FIGURES.fault();
                if (model.isCompleted(earlierId)) {
                    sync.invoke(MockEventServer.scheduledEvent(earlier)).statusCode(200)
                            .body("status", equalTo("SKIPPED")).body("message", containsString("already completed"));
                    return RunStatus.SKIPPED;
                }
                // a failed tick resumes, reading today's board, at its own time
                return deliver(MockEventServer.scheduledEvent(earlier), earlierId, Instant.parse(earlier), board,
                        context);
            }
            default -> throw new IllegalStateException(fault.name());
        }
    }

    /** One delivery without a fault: completed, or refused by the guard (then an operator decides). */
    private RunStatus deliver(String event, String syncId, Instant time, Map<String, Long> board, String context) {
        ValidatableResponse response = sync.invoke(event);
        if (model.refusal(syncId, time, board, null, model.read(syncId, time, board, null)) != null) {
            return refused(response, syncId, time, board, context);
        }
        response.statusCode(200).body("status", equalTo("COMPLETED"));
        model.completed(syncId, time, board, null);
        return RunStatus.COMPLETED;
    }

    /** The guard refused the run, as the model said; an operator then applies it or starts a new epoch. */
    private RunStatus refused(ValidatableResponse response, String syncId, Instant time, Map<String, Long> board,
            String context) {
        String rule = model.refusal(syncId, time, board, null, model.read(syncId, time, board, null));
        response.statusCode(500).body("errorMessage", containsString("Mass change refused before any write"));
        model.failed(syncId, time, board, 0, true);
        checkEverything(context + ", refused (" + rule + ")");
        String decision = random.nextBoolean() ? "apply" : "rebaseline";
        System.out.printf("[reliability] %s: mass change refused (%s), the operator decides: %s%n", context, rule,
                decision);
        sync.invoke("{\"syncId\": \"" + syncId + "\", \"massChange\": \"" + decision + "\", \"scheduledTime\": \""
                + time + "\"}").statusCode(200).body("status", equalTo("COMPLETED"))
                .body("massChange", equalTo(decision));
        model.completed(syncId, time, board, decision);
        return RunStatus.COMPLETED;
    }

    private int injectPersistently(Mee6Fault fault, Map<String, Long> board, Model.Read read) {
        int page = read.pages().get(random.nextInt(read.pages().size()));
        if (fault.isAboutData() && SyncHarness.page(board, page).isEmpty()) {
            page = 0; // a corrupt row needs a row
        }
        sync.mee6().servePage(model.guild, page, fault.answer(model.guild, page, SyncHarness.page(board, page)));
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
                    .isEqualTo(member.hasRows ? member.leftover : null);
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
        assertThat(SentryStandIn.eventsContaining(ALERT)).as("%s: outage alerts", context).hasSize(model.alerts);
        assertThat(SentryStandIn.eventsContaining("recovered")).as("%s: recovery events", context)
                .hasSize(model.recoveries);
        FIGURES.checks(4); // balances and carries against the model, rows per sync id, failure counter, alerts
    }

    /** A linked member as the model sees it: its account's XP on MEE6, and what the ledger should hold for it. */
    static final class Member {
        String discordId;
        final long id;
        long xp;
        boolean onBoard = true;
        // the ledger's state of the member: its latest row
        boolean hasRows;
        String rowDiscordId;
        String rowGuild;
        int rowEpoch;
        int leftover;
        Long observed;
        Instant since;
        long points;

        Member(String discordId, long id) {
            this.discordId = discordId;
            this.id = id;
        }
    }

    /**
     * The rules of docs/ledger-rules.md written again, independently of the code under test: provenance, the
     * plausibility of a first reading, the read's stop rules, the mass-change guard, and the failure counter and
     * alerting. Knows which members each sync id has processed, so a resumed run skips the same ones.
     */
    static final class Model {
        final List<Member> members = new ArrayList<>();
        final Map<String, Set<Integer>> processed = new LinkedHashMap<>();
        final Set<String> completedIds = new HashSet<>();
        String guild;
        int epoch;
        String epochSyncId;
        Instant lastFullReadAt;
        Integer lastFullReadPlayers;
        int failures;
        boolean alerted;
        int alerts;
        int recoveries;
        int refusals;
        int applied;
        int rebaselined;
        int fullReads;
        int relinks;

        Model(List<String> discordIds, List<Long> memberIds, String guild) {
            for (int i = 0; i < discordIds.size(); i++) {
                members.add(new Member(discordIds.get(i), memberIds.get(i)));
            }
            this.guild = guild;
        }

        /** What a read of the board gives: the members found, the pages requested, whether it reached the end. */
        record Read(boolean full, Set<Integer> found, List<Integer> pages, boolean toEnd) {
        }

        boolean isCompleted(String syncId) {
            return completedIds.contains(syncId);
        }

        /** The members a run of this sync id processes now, in the order the sync batches them. */
        List<Integer> pending(String syncId) {
            Set<Integer> done = processed.getOrDefault(syncId, Set.of());
            List<Integer> pending = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                if (!done.contains(i)) {
                    pending.add(i);
                }
            }
            return pending;
        }

        /** How the member's provenance differs from its latest row's: null, or which part changed. */
        String change(Member m, int atEpoch) {
            if (!m.hasRows) {
                return null;
            }
            if (!m.rowDiscordId.equals(m.discordId)) {
                return "account";
            }
            if (!m.rowGuild.equals(guild)) {
                return "guild";
            }
            return m.rowEpoch != atEpoch ? "epoch" : null;
        }

        int epochOf(String syncId, String decision) {
            return "rebaseline".equals(decision) && !syncId.equals(epochSyncId) ? epoch + 1 : epoch;
        }

        /** The stop rules of the read, simulated page by page on the board MEE6 serves. */
        Read read(String syncId, Instant time, Map<String, Long> board, String decision) {
            int atEpoch = epochOf(syncId, decision);
            List<Integer> pending = pending(syncId);
            boolean full = decision != null || lastFullReadAt == null
                    || !lastFullReadAt.isAfter(time.minus(FULL_READ_EVERY));
            Map<String, Integer> wanted = new HashMap<>();
            Map<String, Long> floors = new HashMap<>();
            for (int i : pending) {
                Member m = members.get(i);
                String change = change(m, atEpoch);
                full |= !m.hasRows || "account".equals(change) || "guild".equals(change);
                wanted.put(m.discordId, i);
                if (m.hasRows && change == null && m.observed != null) {
                    floors.put(m.discordId, m.observed);
                }
            }
            List<Player> sorted = new ArrayList<>(SyncHarness.players(board));
            sorted.sort((a, b) -> Long.compare(b.xp(), a.xp()));
            Set<Integer> found = new HashSet<>();
            List<Integer> pages = new ArrayList<>();
            if (!full && floors.isEmpty()) {
                return new Read(false, found, pages, false); // nothing to look for: no request
            }
            Set<String> unfound = new HashSet<>(floors.keySet());
            for (int page = 0;; page++) {
                pages.add(page);
                List<Player> rows = sorted.subList(Math.min(sorted.size(), page * SyncHarness.PAGE_SIZE),
                        Math.min(sorted.size(), (page + 1) * SyncHarness.PAGE_SIZE));
                long lowest = Long.MAX_VALUE;
                for (Player player : rows) {
                    lowest = Math.min(lowest, player.xp());
                    if (wanted.containsKey(player.id())) {
                        found.add(wanted.get(player.id()));
                        unfound.remove(player.id());
                    }
                }
                if (rows.size() < SyncHarness.PAGE_SIZE) {
                    return new Read(full, found, pages, true);
                }
                if (!full) {
                    if (unfound.isEmpty()) {
                        return new Read(false, found, pages, false);
                    }
                    long lowestFloor = unfound.stream().mapToLong(floors::get).min().getAsLong();
                    if (lowest < lowestFloor) {
                        return new Read(false, found, pages, false);
                    }
                }
            }
        }

        /** The guard's verdict on the run: null, or the rule that refuses it. */
        String refusal(String syncId, Instant time, Map<String, Long> board, String decision, Read read) {
            if (decision != null) {
                return null;
            }
            int compared = 0;
            int losing = 0;
            for (int i : pending(syncId)) {
                Member m = members.get(i);
                if (read.found().contains(i) && m.hasRows && change(m, epoch) == null && m.observed != null) {
                    compared++;
                    long effective = m.xp - m.observed + m.leftover;
                    if (effective / 100 < 0) {
                        losing++;
                    }
                }
            }
            if (losing >= MIN_MEMBERS && losing >= SHARE * compared) {
                return "deductions";
            }
            if (read.toEnd() && lastFullReadPlayers != null && lastFullReadPlayers >= 100
                    && 2L * board.size() < lastFullReadPlayers) {
                return "board-shrank";
            }
            return null;
        }

        /** Whether a member of the second batch would get a point transaction now (the timeout needs one). */
        boolean secondBatchPays(String syncId, Instant time, Map<String, Long> board, Read read) {
            List<Integer> pending = pending(syncId);
            for (int k = SyncHarness.BATCH_SIZE; k < pending.size(); k++) {
                int i = pending.get(k);
                Member m = members.get(i);
                if (read.found().contains(i) && m.hasRows && change(m, epoch) == null) {
                    long from = m.observed != null ? m.observed : 0;
                    if (m.observed == null && m.xp > bound(m, time)) {
                        continue; // an implausible first reading: a baseline
                    }
                    if ((m.xp - from + m.leftover) / 100 != 0) {
                        return true;
                    }
                }
            }
            return false;
        }

        static long bound(Member m, Instant time) {
            double hours = Math.max(1.0, Duration.between(m.since, time).toMillis() / 3_600_000.0);
            return (long) (MAX_XP_PER_HOUR * hours);
        }

        void completed(String syncId, Instant time, Map<String, Long> board, String decision) {
            Read read = read(syncId, time, board, decision);
            if ("rebaseline".equals(decision)) {
                if (!syncId.equals(epochSyncId)) {
                    epoch++;
                    epochSyncId = syncId;
                }
                rebaselined++;
            } else if ("apply".equals(decision)) {
                applied++;
            }
            for (int i : pending(syncId)) {
                process(syncId, i, time, read.found().contains(i) ? members.get(i).xp : null);
            }
            completedIds.add(syncId);
            if (read.toEnd() && (lastFullReadAt == null || !time.isBefore(lastFullReadAt))) {
                lastFullReadAt = time;
                lastFullReadPlayers = board.size();
            }
            if (read.full()) {
                fullReads++;
            }
            if (alerted) {
                recoveries++;
            }
            alerted = false;
            failures = 0;
        }

        /**
         * A failed run that committed the first {@code committed} members it processed (its first batches);
         * {@code alertNow}: a mass change, alerted at once.
         */
        void failed(String syncId, Instant time, Map<String, Long> board, int committed, boolean alertNow) {
            Read read = read(syncId, time, board, null);
            List<Integer> pending = pending(syncId);
            for (int k = 0; k < committed && k < pending.size(); k++) {
                int i = pending.get(k);
                process(syncId, i, time, read.found().contains(i) ? members.get(i).xp : null);
            }
            processed.computeIfAbsent(syncId, id -> new HashSet<>());
            failures++;
            if (alertNow) {
                refusals++;
            }
            if ((failures >= ALERT_THRESHOLD || alertNow) && !alerted) {
                alerts++;
                alerted = true;
            }
        }

        /** One member in one run: the rules of SyncPlanner, from the model's own state. */
        private void process(String syncId, int index, Instant time, Long reading) {
            if (!processed.computeIfAbsent(syncId, id -> new HashSet<>()).add(index)) {
                return; // an earlier attempt of this sync id wrote it
            }
            Member m = members.get(index);
            String change = change(m, epoch);
            if (reading == null) {
                if (!m.hasRows || "account".equals(change) || "guild".equals(change)) {
                    startProvenance(m, time, null); // its history in the new provenance starts with an absence
                }
                return; // absence: no reading, nothing changes (an epoch change waits for the member's next reading)
            }
            if (!m.hasRows || change != null) {
                startProvenance(m, time, reading); // a baseline
                return;
            }
            if (m.observed == null && reading > bound(m, time)) {
                m.observed = reading; // an implausible first reading: a baseline in the same provenance
                m.leftover = 0;
                return;
            }
            long from = m.observed != null ? m.observed : 0;
            long effective = reading - from + m.leftover;
            long units = effective / 100; // toward zero, like Java's division
            m.points += units; // point_config: 1 point per 100 XP
            m.leftover = (int) (effective - units * 100);
            m.observed = reading;
        }

        private void startProvenance(Member m, Instant time, Long reading) {
            m.hasRows = true;
            m.rowDiscordId = m.discordId;
            m.rowGuild = guild;
            m.rowEpoch = epoch;
            m.leftover = 0;
            m.observed = reading;
            m.since = time;
        }

        @Override
        public String toString() {
            return Objects.toString(guild) + "/" + epoch;
        }
    }
}
