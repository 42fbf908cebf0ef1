package dev.mee6sync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import dev.mee6sync.job.RunStatus;
import dev.mee6sync.reliability.CampaignModel.Entry;
import dev.mee6sync.reliability.CampaignModel.Member;
import dev.mee6sync.reliability.CampaignModel.Read;
import dev.mee6sync.reliability.CampaignModel.Tally;
import dev.mee6sync.sync.SyncStats;
import dev.mee6sync.testing.LurkrStandIn;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.MockEventServer;
import dev.mee6sync.testing.SentryStandIn;
import dev.mee6sync.testing.SwitchableXpSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/**
 * Fifty ticks over random XP walks on boards of several pages (130 members among up to 1,100 other players), with the
 * world changing as it does in production: members re-linked to other accounts (some off the board for hours, then
 * back with little XP or their lifetime's), members who climb past the sweep's cursor, big XP removals that drop a
 * member below its floor, an admin resetting many members' XP, the board reset by its bot and filling again a few
 * members a run, the community moving to another guild once, and switching between MEE6 and Lurkr once or twice. Each
 * tick draws a fault: the board refusing or failing (persistently or just once), the sync's connection terminated or a
 * statement timeout mid-persist, an invalid configuration, the tick delivered twice, three times at once, or an earlier
 * tick again; now and then an event whose time is outside the window, and manual full reads. Failures tend to last (an
 * outage). A run the guard refuses is retried, waited on, or decided at once (apply or rebaseline, at random), and a
 * decision may fail before it takes effect and be run again.
 * <p>
 * After every run the suite checks the ledger's invariants, and compares with an independent model of
 * docs/ledger-rules.md ({@link CampaignModel}): every balance, carry and latest row's provenance, the activity rows of
 * each sync id, each board's memory ({@code board_state}: epoch, references, sweep cursor and size, last full read),
 * the pages each read requested and its stats, the failure counter, and the Sentry events of each kind (outage,
 * attention, recovery, refused event). Ticks are recent (the event window is the production one, 25 h): a campaign of
 * N runs spreads them over the last 24 hours.
 * <p>
 * The seed is printed; replay a campaign with {@code -Dreliability.seed=<seed>}, lengthen it with
 * {@code -Dreliability.runs=200}.
 */
@QuarkusTest
@TestProfile(RandomCampaignTest.Campaign.class)
class RandomCampaignTest {

    static final Figures FIGURES = new Figures("Randomised campaign");
    /** 50; {@code -Dreliability.runs=200} for a longer campaign. */
    static final int RUNS = Integer.getInteger("reliability.runs", 50);
    static final int MEMBERS = 130; // two batches of the sync
    static final long FIRST_ID = 600_000_000_000_000_000L;
    /** Accounts members are re-linked to: never one of the members' first ids. */
    static final long RELINK_ID = 610_000_000_000_000_000L;
    /** The other players of each board. */
    static final long FILLER_ID = 700_000_000_000_000_000L;
    static final String GUILD = SyncHarness.GUILD;
    static final String OTHER_GUILD = "923456789012345678";
    /** The campaign's MEE6_MAX_PAGES and LURKR_MAX_PAGES: a slice is 6 pages before the first sweep completes. */
    static final int MAX_PAGES = 20;
    /** MEE6_FULL_READ_EVERY=4h: a sweep spreads over 4 runs. */
    static final int RUNS_PER_SWEEP = 4;
    /** With the members, at most 13 pages: the floor region always ends before MAX_PAGES. */
    static final int MOST_FILLERS = 1_100;
    /** The other players' XP: below most members, and above the 3,000 a first reading may gain in an hour. */
    static final int FILLER_XP = 8_000;
    static final String MEE6 = SwitchableXpSource.MEE6;
    static final String LURKR = SwitchableXpSource.LURKR;
    // what each kind of Sentry event says
    static final String ATTENTION = "needs an operator now";
    static final String OUTAGE = "consecutive sync failures";
    static final String RECOVERY = "mee6-sync recovered";
    static final String REFUSED_EVENT = "Event refused before any work";

    /** The production event window, a short sweep, a page bound that the first slices feel, a switchable source. */
    public static class Campaign implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(SwitchableXpSource.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mee6.event-max-age", "25h", "%test.mee6.event-max-age", "25h",
                    "mee6.full-read-every", RUNS_PER_SWEEP + "h", "mee6.max-pages", String.valueOf(MAX_PAGES));
        }
    }

    enum Fault {
        NONE(8), SOURCE_REFUSES(2), SOURCE_FAILS(2), SOURCE_FAILS_ONCE(2), CONNECTION_TERMINATED(1),
        STATEMENT_TIMEOUT(1), MISCONFIGURED(1), DELIVERED_TWICE(1), DELIVERED_THRICE_AT_ONCE(1), EARLIER_TICK_AGAIN(1);

        /** How an outage goes on: mostly the board, transient more often than not; a broken setting rarely. */
        static final List<Fault> FAILURES = List.of(SOURCE_REFUSES, SOURCE_FAILS, SOURCE_FAILS, SOURCE_FAILS,
                CONNECTION_TERMINATED, STATEMENT_TIMEOUT);

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
        NONE, RELINK, CLIMBER, BIG_REMOVAL, XP_RESET, BOARD_RESET, GUILD_MOVES, SOURCE_SWITCH
    }

    /** A schedule tick: its run id, time and event (a manual full read names its tick too). */
    record Tick(String syncId, Instant time, String event, Boolean fullRead) {
    }

    /** A player who is not a member: the pages around the members. */
    static final class Filler {
        final String id;
        long xp;
        boolean away; // the board was reset and it has not come back yet
        boolean present = true;

        Filler(String id, long xp) {
            this.id = id;
            this.xp = xp;
        }
    }

    /** The world of one board (a source and a guild): its other players, the members' XP on it, a reset's aftermath. */
    static final class BoardWorld {
        final List<Filler> fillers = new ArrayList<>();
        final Map<Integer, Long> memberXp = new HashMap<>();
        final Set<Integer> returned = new HashSet<>();
        int repopulating; // runs left until everyone is back after a reset
    }

    /** A refused run whose decision the operator has not made yet. */
    record Awaiting(Tick first, Tick latest, int since) {
    }

    @Inject
    SyncHarness sync;

    @Inject
    DatabaseFaults faults;

    @Inject
    SwitchableXpSource source;

    @Inject
    ObjectMapper json;

    Random random;
    CampaignModel model;
    long seed;
    final Map<String, BoardWorld> worlds = new HashMap<>();
    /** Runs each member's account stays off the board (left the server, hidden), and whether it is on this run. */
    int[] offBoardRuns;
    boolean[] onBoard;
    List<Entry> board = List.of();
    int guildMoveAt;
    int resetAt;
    final Set<Integer> switchAt = new HashSet<>();
    int climber = -1;
    /** Climbers placed and not observed yet. */
    final Set<Integer> climbers = new HashSet<>();
    /** 1: at the bottom of the board this run; 2: climbed above the cursor, until found or {@link #climberUntil}. */
    int climberPhase;
    int climberUntil;
    Awaiting awaiting;
    long balanceAtSwitch = -1;
    long rowsAtSwitch;
    final List<Tick> ticks = new ArrayList<>();
    final Map<String, Integer> tally = new TreeMap<>();

    @AfterAll
    static void printFigures() {
        FIGURES.print();
    }

    @AfterEach
    void backToTheConfiguredSource() {
        source.configure(Map.of());
        source.use(MEE6, GUILD);
        LurkrStandIn.get().reset();
    }

    @Test
    void randomRunsKeepTheLedgerAsAnIndependentModelOfTheRulesSays() throws Exception {
        seed = Long.getLong("reliability.seed", System.nanoTime());
        System.out.printf("[reliability] campaign seed %d (replay: -Dreliability.seed=%d)%n", seed, seed);
        random = new Random(seed);
        sync.reset(FIGURES);
        LurkrStandIn.get().reset();
        source.configure(Map.of("max-pages", String.valueOf(MAX_PAGES)));
        source.use(MEE6, GUILD);
        List<String> ids = sync.link(MEMBERS, FIRST_ID);
        model = new CampaignModel(ids, sync.memberIds(), MEE6, GUILD, MAX_PAGES, RUNS_PER_SWEEP);
        offBoardRuns = new int[MEMBERS];
        onBoard = new boolean[MEMBERS];
        guildMoveAt = RUNS / 2 + random.nextInt(Math.max(1, RUNS / 4));
        int switchRun = 2 + random.nextInt(Math.max(1, RUNS / 3));
        switchAt.add(switchRun);
        if (random.nextBoolean()) {
            switchAt.add(switchRun + 3 + random.nextInt(Math.max(1, RUNS / 4))); // and back again
        }
        resetAt = Math.max(4, RUNS / 8) + random.nextInt(Math.max(1, RUNS - RUNS / 8 - 6));
        while (resetAt == guildMoveAt || switchAt.contains(resetAt)) {
            resetAt++;
        }

        // recent ticks: the event window is 25 h, so a campaign spreads its runs over the last 24 hours
        Instant firstTick = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(24));
        Duration step = Duration.ofSeconds(Math.max(60, Math.min(3_600, 24 * 3_600 / RUNS)));
        Map<Fault, Integer> drawn = new EnumMap<>(Fault.class);
        Map<Change, Integer> changes = new EnumMap<>(Change.class);
        Map<RunStatus, Integer> outcomes = new EnumMap<>(RunStatus.class);
        for (int run = 0; run < RUNS; run++) {
            Instant time = firstTick.plus(step.multipliedBy(run));
            Boolean fullRead = run > 0 && random.nextInt(12) == 0 ? Boolean.TRUE : null;
            Tick tick = fullRead == null
                    ? new Tick("scheduled-" + time, time, MockEventServer.scheduledEvent(time.toString()), null)
                    : new Tick("scheduled-" + time, time, "{\"scheduledTime\": \"" + time + "\", \"fullRead\": true}",
                            true);
            ticks.add(tick);
            Change change = change(run);
            changes.merge(change, 1, Integer::sum);
            stepWorld(change, run, time, step);
            serve();
            CampaignModel.Board memory = model.board();
            if (change == Change.BOARD_RESET && memory.referenceTopXp != null && memory.referenceTopXp >= 10_000
                    && memory.referencePlayers >= 10) {
                // rule (c): whatever the few members read, the first run after the reset is refused
                assertThat(model.refusal(tick.syncId(), time, model.read(tick.syncId(), board, null, tick.fullRead()),
                        null)).as("the model's verdict on the reset board").isEqualTo("board-reset");
            }
            String context = "seed " + seed + ", run " + run + ", " + change + ", " + model;
            if (random.nextInt(10) == 0) {
                refuseAnEventOutsideItsWindow(run, context);
            }
            if (awaiting != null) {
                operatorComesBack(run, context);
            }
            // outages last: after a failed run, a third of the time the next one fails too (alerts, recoveries)
            Fault fault = model.failures > 0 && random.nextInt(3) == 0 ? pick(Fault.FAILURES) : Fault.draw(random);
            fault = feasible(fault, run, tick);
            drawn.merge(fault, 1, Integer::sum);
            context += ", fault " + fault + (fullRead != null ? " (full read)" : "");
            RunStatus status = runWith(fault, tick, run, context);
            outcomes.merge(status, 1, Integer::sum);
            if (model.failures == 0) {
                awaiting = null; // a run completed: nothing is refused any more
            }
            if (balanceAtSwitch >= 0 && activityRows() > rowsAtSwitch) {
                // a switch moves no points: every member's first reading of the new source is a baseline
                assertThat(sync.totalPoints()).as("%s: points moved by the first run that wrote after the switch",
                        context).isEqualTo(balanceAtSwitch);
                balanceAtSwitch = -1;
                FIGURES.checks(1);
            }
            checkEverything(context);
            followClimbers(context);
        }

        // the shipped audit agrees with the model: every invariant holds on the ledger the campaign left
        sync.invoke("{\"job\": \"audit\", \"syncId\": \"campaign-audit\"}").statusCode(200)
                .body("status", equalTo("OK")).body("membersChecked", equalTo(MEMBERS));
        FIGURES.checks(1);

        System.out.printf("[reliability] campaign seed %d: %d runs; world changes %s; faults drawn %s; outcomes %s; "
                + "Sentry: %d outage, %d attention, %d recovery, %d refused-event events; %d mass changes refused "
                + "(%d applied, %d rebaselined); %d full reads, %d sweeps completed, %d members read by a slice; first "
                + "readings: %d paid from 0, %d implausible, %d decided by the climber rule; completed runs by floor "
                + "pages %s; %s%n", seed, RUNS, changes,
                drawn, outcomes, model.outageAlerts, model.attentionAlerts, model.recoveries, model.refusedEvents,
                model.refusals, model.applied, model.rebaselined, model.fullReads, model.sweepsCompleted,
                model.sliceReadings, model.fromZeroReadings,
                model.implausibleReadings, model.climberVerdicts, model.floorPagesRead, tally);
    }

    // --- The world ------------------------------------------------------------------------------------------------

    private Change change(int run) {
        if (run == guildMoveAt) {
            return Change.GUILD_MOVES;
        }
        if (switchAt.contains(run)) {
            return Change.SOURCE_SWITCH;
        }
        if (climberPhase == 2) {
            if (run < climberUntil) {
                return Change.NONE; // a quiet board while the climber waits for the next sweep
            }
            climberPhase = 0;
        }
        if (run == resetAt || run > 3 && world().repopulating == 0 && random.nextInt(80) == 0) {
            return world().repopulating == 0 ? Change.BOARD_RESET : Change.NONE;
        }
        if (run > 2 && random.nextInt(30) == 0) {
            return Change.XP_RESET;
        }
        if (run > 1 && climberPhase == 0 && roomForAClimber() && random.nextInt(2) == 0) {
            return Change.CLIMBER;
        }
        if (run > 0 && random.nextInt(10) == 0) {
            return Change.BIG_REMOVAL;
        }
        return run > 0 && random.nextInt(6) == 0 ? Change.RELINK : Change.NONE;
    }

    /**
     * Whether a climber can start now: the next slice stops short of the board's last page (the climber sits there
     * unseen), and the one after it starts low enough to leave pages above it and below the floor region.
     */
    private boolean roomForAClimber() {
        CampaignModel.Board memory = model.board();
        if (memory.pages == null || memory.cursor < 2) {
            return false;
        }
        int slice = (int) Math.ceil(memory.pages / (double) RUNS_PER_SWEEP) + 1;
        return memory.cursor - 1 + slice < memory.pages - 1;
    }

    /** Says how each climber's first reading went (the model and the code agreed on it: checked above). */
    private void followClimbers(String context) {
        climbers.removeIf(i -> {
            CampaignModel.Kind first = model.firstReadings.get(i);
            if (first != null) {
                count("climbers' first readings: " + first);
                System.out.printf("[reliability] %s: climber member %d first read: %s, %s%n", context,
                        model.members.get(i).id, first, model.firstReadingNotes.get(i));
            }
            boolean done = first != null || !model.members.get(i).hasRows;
            if (done && i == climber && climberPhase == 2) {
                climberPhase = 0;
            }
            return done;
        });
    }

    /** The board now read, created with its other players on first use. */
    private BoardWorld world() {
        return worlds.computeIfAbsent(model.source + "/" + model.guild, key -> {
            BoardWorld world = new BoardWorld();
            // another board is smaller half of the time: not refused as board-shrank (its references are its own)
            int fillers = worlds.isEmpty() || random.nextBoolean() ? 400 + random.nextInt(MOST_FILLERS - 400)
                    : 50 + random.nextInt(200);
            for (int i = 0; i < fillers; i++) {
                // mostly below the members: the pages the floor region does not need, which the sweep covers
                world.fillers.add(new Filler(String.valueOf(FILLER_ID + worlds.size() * 10_000L + i),
                        random.nextInt(FILLER_XP)));
            }
            return world;
        });
    }

    /** The member's XP on the board now read: an account new to a board has its own, often far above the others. */
    private long memberXp(BoardWorld world, int i) {
        return world.memberXp.computeIfAbsent(i, k -> (long) (worlds.size() == 1 || random.nextInt(4) > 0
                ? 10_000 + random.nextInt(300_000) : random.nextInt(5_000)));
    }

    /** One step of the world: the change, then every player's XP walk; sets the board the source serves. */
    private void stepWorld(Change change, int run, Instant time, Duration step) {
        switch (change) {
            case RELINK -> {
                int i = random.nextInt(MEMBERS);
                int off = random.nextBoolean() ? 1 + random.nextInt(Math.max(1, RUNS / 4)) : 0;
                // back with what it earned since linking, or with its lifetime's XP
                relink(i, off, random.nextBoolean() ? random.nextInt(2_000 + 1_500 * off)
                        : 50_000 + random.nextInt(500_000));
            }
            case CLIMBER -> {
                // an account never observed (one linked off the board long ago when there is one), at the bottom of
                // the board; it climbs past the cursor next run
                climber = neverObserved();
                if (climber < 0) {
                    climber = random.nextInt(MEMBERS);
                    relink(climber, 0, 1 + random.nextInt(9));
                } else {
                    offBoardRuns[climber] = 0;
                    world().memberXp.put(climber, 1L + random.nextInt(9));
                }
                climberPhase = 1;
                count("climbers started");
            }
            case BIG_REMOVAL -> {
                for (int k = 1 + random.nextInt(2); k > 0; k--) {
                    int i = random.nextInt(MEMBERS);
                    world().memberXp.put(i, memberXp(world(), i) / 10); // far below its floor
                }
            }
            case XP_RESET -> {
                for (int i = 0; i < MEMBERS; i++) {
                    if (random.nextInt(4) > 0) {
                        world().memberXp.put(i, (long) random.nextInt(300)); // an admin reset most members' XP
                    }
                }
            }
            case BOARD_RESET -> {
                // the bot reset all XP: the board empties, and players come back a few a run with little XP
                BoardWorld world = world();
                world.repopulating = 3 + random.nextInt(6);
                world.returned.clear();
                for (Filler filler : world.fillers) {
                    filler.away = true;
                    filler.xp = random.nextInt(300);
                }
            }
            case GUILD_MOVES -> {
                model.guild = OTHER_GUILD;
                source.use(model.source, model.guild);
            }
            case SOURCE_SWITCH -> {
                model.source = MEE6.equals(model.source) ? LURKR : MEE6;
                source.use(model.source, model.guild);
                balanceAtSwitch = sync.totalPoints();
                rowsAtSwitch = activityRows();
            }
            default -> {
            }
        }
        walk(world());
        board = ranked(world());
        if (climberPhase == 1 && change != Change.CLIMBER) {
            climb(run, time, step);
        }
    }

    /** The member whose provenance is oldest among those with absence rows only; -1 when none. */
    private int neverObserved() {
        int oldest = -1;
        for (int i = 0; i < MEMBERS; i++) {
            Member m = model.members.get(i);
            if (m.hasRows && m.observed == null && m.discordId.equals(m.rowDiscordId)
                    && m.rowSource.equals(model.source) && m.rowGuild.equals(model.guild)
                    && (oldest < 0 || m.since.isBefore(model.members.get(oldest).since))) {
                oldest = i;
            }
        }
        return oldest;
    }

    private void relink(int i, int offRuns, long xp) {
        Member member = model.members.get(i);
        member.discordId = String.valueOf(RELINK_ID + model.relinks++);
        sync.db().execute("UPDATE member SET discord_id = ? WHERE id = ?", member.discordId, member.id);
        for (BoardWorld world : worlds.values()) {
            world.memberXp.remove(i); // another account: its XP on other boards is its own
        }
        world().memberXp.put(i, xp);
        offBoardRuns[i] = offRuns;
    }

    private void walk(BoardWorld world) {
        boolean shrinks = random.nextInt(15) == 0; // now and then half the board is missing
        if (world.repopulating > 0) {
            world.repopulating--;
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                int i = random.nextInt(MEMBERS);
                if (world.returned.add(i)) {
                    world.memberXp.put(i, 40L + random.nextInt(260)); // back with what it earned since the reset
                }
            }
            for (Filler filler : world.fillers) {
                if (filler.away && (world.repopulating == 0 || random.nextInt(30) == 0)) {
                    filler.away = false;
                }
            }
            if (world.repopulating == 0) {
                for (int i = 0; i < MEMBERS; i++) {
                    if (world.returned.add(i)) {
                        world.memberXp.put(i, (long) random.nextInt(300));
                    }
                }
            }
        }
        for (int i = 0; i < MEMBERS; i++) {
            boolean away = world.repopulating > 0 && !world.returned.contains(i);
            long delta = switch (random.nextInt(6)) {
                case 0 -> -random.nextInt(500); // an admin removed XP
                case 1 -> 0;
                default -> random.nextInt(1_500);
            };
            if (i == climber && climberPhase > 0) {
                delta = random.nextInt(200); // it stays among the pages it climbed to, above the slices
            }
            world.memberXp.put(i, Math.max(0, memberXp(world, i) + (away ? 0 : delta)));
            if (offBoardRuns[i] > 0) {
                offBoardRuns[i]--;
                onBoard[i] = false;
            } else {
                onBoard[i] = !away && (i == climber && climberPhase > 0 || (shrinks ? random.nextBoolean()
                        : random.nextInt(10) > 0));
            }
        }
        for (Filler filler : world.fillers) {
            filler.xp += random.nextInt(30);
            filler.present = !filler.away && (!shrinks || random.nextBoolean());
        }
    }

    /** The board as the source serves it: the members on it and the other players, highest XP first. */
    private List<Entry> ranked(BoardWorld world) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            if (onBoard[i]) {
                entries.add(new Entry(model.members.get(i).discordId, memberXp(world, i)));
            }
        }
        for (Filler filler : world.fillers) {
            if (filler.present) {
                entries.add(new Entry(filler.id, filler.xp));
            }
        }
        entries.sort((a, b) -> Long.compare(b.xp(), a.xp())); // stable: the stand-ins order ties the same way
        assertThat(entries.size()).as("a board the floor region can always read").isLessThan((MAX_PAGES - 2) * 100);
        return entries;
    }

    /**
     * The climber, still never observed, moves from below the cursor to a page above the next slice and below the
     * floor region: no slice of this sweep meets it, and the sweep's last slice must not count it as proven absent.
     */
    private void climb(int run, Instant time, Duration step) {
        climberPhase = 0;
        Member member = model.members.get(climber);
        if (!member.hasRows || member.observed != null || !member.discordId.equals(member.rowDiscordId)) {
            count("climbers found before they climbed");
            return;
        }
        List<Entry> without = new ArrayList<>(board);
        without.removeIf(entry -> entry.id().equals(member.discordId));
        Read preview = model.read("preview", without, null, null);
        CampaignModel.Board memory = model.board();
        int firstOfSlice = memory.cursor == 0 ? 0 : memory.cursor - 1;
        int from = preview.floorPages();
        if (from >= firstOfSlice || (firstOfSlice - 1) * 100 + 95 >= without.size()) {
            count("climbers with no room to climb");
            return;
        }
        // XP a sweep's proof would make implausible, but not the member's own window (its first row, or the last
        // full read), when the pages above the slice hold such XP: the rule then decides the verdict
        long highest = without.get(from * 100).xp() - 1;
        long lowest = without.get(firstOfSlice * 100 - 1).xp() + 1;
        Instant start = memory.lastFullReadAt != null && memory.lastFullReadAt.isAfter(member.since)
                ? memory.lastFullReadAt : member.since;
        double hours = Duration.between(start, time.plus(step.multipliedBy(2))).toMillis() / 3_600_000.0;
        long low = Math.max(lowest, 3_300);
        long high = Math.min(highest, (long) (CampaignModel.MAX_XP_PER_HOUR * Math.max(1, hours)));
        long xp = low <= high ? low + (long) (random.nextDouble() * (high - low))
                : without.get((firstOfSlice - 1) * 100 + 80 + random.nextInt(15)).xp() + 1;
        world().memberXp.put(climber, xp);
        System.out.printf("[reliability] %s: climber member %d placed at %d XP, above the slice from page %d (cursor "
                + "%d), below the floor region's %d pages; its window %s%n", time, member.id, xp, firstOfSlice,
                memory.cursor, from, low <= high ? "allows " + high + " XP" : "ends below the pages above the slice");
        board = ranked(world());
        climbers.add(climber);
        model.firstReadings.remove(climber);
        climberPhase = 2;
        climberUntil = run + 10;
        count("climbers placed");
    }

    // --- The stand-ins ----------------------------------------------------------------------------------------------

    private void serve() {
        sync.mee6().reset();
        LurkrStandIn.get().reset();
        if (MEE6.equals(model.source)) {
            sync.mee6().serveBoard(model.guild, board.stream().map(e -> new Mee6StandIn.Player(e.id(), e.xp()))
                    .toList(), CampaignModel.PAGE_SIZE); // a slice past the end of a board that shrank reads one
        } else {
            LurkrStandIn.get().serveBoard(model.guild, board.stream()
                    .map(e -> new LurkrStandIn.Player(e.id(), e.xp())).toList());
        }
    }

    private List<SourceFault.Row> rows(int page) {
        return CampaignModel.page(board, page).stream().map(e -> new SourceFault.Row(e.id(), e.xp())).toList();
    }

    private void servePage(int page, ResponseDefinitionBuilder answer) {
        if (MEE6.equals(model.source)) {
            sync.mee6().servePage(model.guild, page, answer);
        } else {
            LurkrStandIn.get().servePage(model.guild, page + 1, answer);
        }
    }

    private void servePageInTurn(int page, ResponseDefinitionBuilder... answers) {
        if (MEE6.equals(model.source)) {
            sync.mee6().servePageInTurn(model.guild, page, answers);
        } else {
            LurkrStandIn.get().servePageInTurn(model.guild, page + 1, answers);
        }
    }

    /** The pages requested since the stand-ins were last reset, 0-based, in order. */
    private List<Integer> pagesRequested() {
        if (MEE6.equals(model.source)) {
            return sync.mee6().pagesRequested(model.guild);
        }
        return LurkrStandIn.get().pagesRequested(model.guild).stream().map(page -> page - 1).toList();
    }

    private String sourceName() {
        return MEE6.equals(model.source) ? "MEE6" : "Lurkr";
    }

    private String cause(SourceFault fault) {
        // what failed: the source and the kind of failure (the guild is not part of it: the rules name none)
        return fault.permanent() ? "source/" + model.source + "/" + fault.cause : null;
    }

    private SourceFault transientFault() {
        return random.nextInt(10) == 0 ? SourceFault.HANGS : pick(SourceFault.TRANSIENT);
    }

    /** A page the read requests answers with the fault every time; returns the fault (a data fault needs a row). */
    private SourceFault injectPersistently(SourceFault fault, Read read) {
        int page = read.pages().get(random.nextInt(read.pages().size()));
        if (fault.isAboutData() && rows(page).isEmpty()) {
            page = 0;
            if (rows(0).isEmpty()) {
                fault = SourceFault.UNAUTHORIZED_401;
            }
        }
        servePage(page, fault.answer(model.source, model.guild, page, rows(page)));
        return fault;
    }

    private void expectFetchFailure(ValidatableResponse response, String syncId, SourceFault fault) {
        response.statusCode(500).body("errorMessage", containsString("Sync " + syncId + " failed: " + sourceName()
                + " fetch failed (" + (fault.permanent() ? "permanent" : "transient") + ")"));
        for (String fragment : fault.says(model.source, model.guild)) {
            response.body("errorMessage", containsString(fragment));
        }
    }

    // --- Runs -------------------------------------------------------------------------------------------------------

    /**
     * A fault that can happen on this tick: a database fault needs a run that writes (not one the guard refuses) a
     * second batch, several deliveries at once a run whose outcome does not depend on which delivery gets the lock.
     */
    private Fault feasible(Fault fault, int run, Tick tick) {
        Read read = model.read(tick.syncId(), board, null, tick.fullRead());
        boolean refused = model.refusal(tick.syncId(), tick.time(), read, null) != null;
        boolean secondBatch = model.pending(tick.syncId()).size() > SyncHarness.BATCH_SIZE;
        return switch (fault) {
            case EARLIER_TICK_AGAIN -> run == 0 ? Fault.NONE : fault;
            case CONNECTION_TERMINATED -> refused || !secondBatch ? Fault.NONE : fault;
            case STATEMENT_TIMEOUT -> refused || !secondBatch ? Fault.NONE
                    : model.secondBatchPays(tick.syncId(), tick.time(), read, SyncHarness.BATCH_SIZE) ? fault
                            : Fault.CONNECTION_TERMINATED;
            case DELIVERED_THRICE_AT_ONCE -> refused ? Fault.NONE : fault;
            default -> fault;
        };
    }

    /** Runs the tick with the fault, checks its status and message, and tells the model what was written. */
    private RunStatus runWith(Fault fault, Tick tick, int run, String context) throws Exception {
        String syncId = tick.syncId();
        Instant time = tick.time();
        switch (fault) {
            case NONE -> {
                return deliver(tick, context);
            }
            case SOURCE_REFUSES, SOURCE_FAILS -> {
                SourceFault chosen = fault == Fault.SOURCE_REFUSES ? pick(SourceFault.PERMANENT) : transientFault();
                SourceFault injected = injectPersistently(chosen, model.read(syncId, board, null, tick.fullRead()));
                FIGURES.fault();
                expectFetchFailure(sync.invoke(tick.event()), syncId, injected);
                model.failed(syncId, time, board, null, tick.fullRead(), 0, cause(injected));
                count(sourceName() + " " + injected);
                return RunStatus.FAILED;
            }
            case SOURCE_FAILS_ONCE -> {
                SourceFault injected = transientFault();
                List<Integer> pages = model.read(syncId, board, null, tick.fullRead()).pages();
                int page = pages.get(random.nextInt(pages.size()));
                servePageInTurn(page, injected.answer(model.source, model.guild, page, rows(page)),
                        SourceFault.healthy(model.source, model.guild, page, rows(page)));
                FIGURES.fault();
                ValidatableResponse response = sync.invoke(tick.event());
                Read read = model.read(syncId, board, null, tick.fullRead());
                if (model.refusal(syncId, time, read, null) != null) {
                    return refused(response, tick, context);
                }
                response.statusCode(200).body("status", equalTo("COMPLETED"))
                        .body("mee6Retries", greaterThanOrEqualTo(1));
                checkStats(body(response), model.completed(syncId, time, board, null, tick.fullRead()), context);
                return RunStatus.COMPLETED;
            }
            case CONNECTION_TERMINATED -> {
                long memberId = model.members.get(model.pending(syncId).get(SyncHarness.BATCH_SIZE)).id;
                ValidatableResponse response = killedAt(memberId, tick.event(), syncId);
                response.statusCode(500).body("errorMessage", containsString("Database error"));
                model.failed(syncId, time, board, null, tick.fullRead(), SyncHarness.BATCH_SIZE, null);
                return RunStatus.FAILED;
            }
            case STATEMENT_TIMEOUT -> {
                faults.statementTimeoutInBatchOf(syncId,
                        model.members.get(model.pending(syncId).get(SyncHarness.BATCH_SIZE)).id);
                FIGURES.fault();
                try {
                    sync.invoke(tick.event()).statusCode(500)
                            .body("errorMessage", containsString("statement timeout"));
                } finally {
                    faults.clear();
                }
                model.failed(syncId, time, board, null, tick.fullRead(), SyncHarness.BATCH_SIZE, null);
                return RunStatus.FAILED;
            }
            case MISCONFIGURED -> {
                // a redeploy with a mistyped DISCORD_GUILD_ID: it needs someone now; the operator fixes it after
                source.use(model.source, model.guild + "x");
                FIGURES.fault();
                try {
                    sync.invoke(tick.event()).statusCode(500)
                            .body("errorMessage", containsString("Sync " + syncId + " failed: Invalid configuration"))
                            .body("errorMessage", containsString("DISCORD_GUILD_ID"));
                } finally {
                    source.use(model.source, model.guild);
                }
                model.failed(syncId, time, board, null, tick.fullRead(), 0, "configuration");
                return RunStatus.FAILED;
            }
            case DELIVERED_TWICE -> {
                RunStatus first = deliver(tick, context);
                FIGURES.fault();
                if (model.isCompleted(syncId)) {
                    sync.invoke(tick.event()).statusCode(200).body("status", equalTo("SKIPPED"));
                    return first;
                }
                return deliver(tick, context); // refused again: the same refusal
            }
            case DELIVERED_THRICE_AT_ONCE -> {
                FIGURES.fault();
                List<SyncStats> stats = sync.runAtOnce(Collections.nCopies(3, sync.trigger(tick.event())));
                assertThat(stats.stream().map(SyncStats::status).toList()).as(context)
                        .containsOnlyOnce(RunStatus.COMPLETED).containsOnly(RunStatus.COMPLETED, RunStatus.SKIPPED);
                Tally expected = model.completed(syncId, time, board, null, tick.fullRead());
                for (SyncStats one : stats) {
                    if (one.status() == RunStatus.COMPLETED) {
                        checkStats(json.convertValue(one, Map.class), expected, context);
                    }
                }
                return RunStatus.COMPLETED;
            }
            case EARLIER_TICK_AGAIN -> {
                // an earlier tick delivered again (EventBridge retries for up to 24 h): still inside the window, as
                // every tick of a campaign shorter than an hour is
                Tick again = pick(ticks.subList(0, run));
                FIGURES.fault();
                if (model.isCompleted(again.syncId())) {
                    sync.invoke(again.event()).statusCode(200).body("status", equalTo("SKIPPED"))
                            .body("message", containsString("already completed"));
                    return RunStatus.SKIPPED;
                }
                // a failed tick resumes, reading today's board, at its own time
                return deliver(again, context + ", again " + again.syncId());
            }
            default -> throw new IllegalStateException(fault.name());
        }
    }

    /** The run's backend is terminated when it inserts the activity row of {@code memberId}; returns its answer. */
    private ValidatableResponse killedAt(long memberId, String event, String syncId) throws Exception {
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (DatabaseFaults.Gate gate = faults.gateBefore(syncId, memberId)) {
            Future<ValidatableResponse> run = background.submit(() -> sync.invoke(event));
            gate.terminateBlockedBackend();
            FIGURES.fault();
            return run.get(30, TimeUnit.SECONDS);
        } finally {
            background.shutdownNow();
        }
    }

    /** One delivery without a fault: completed, or refused by the guard (then the operator's turn). */
    private RunStatus deliver(Tick tick, String context) {
        int before = pagesRequested().size();
        ValidatableResponse response = sync.invoke(tick.event());
        Read read = model.read(tick.syncId(), board, null, tick.fullRead());
        List<Integer> requested = pagesRequested();
        assertThat(requested.subList(before, requested.size())).as("%s: pages requested", context)
                .isEqualTo(read.pages());
        FIGURES.checks(1);
        if (model.refusal(tick.syncId(), tick.time(), read, null) != null) {
            return refused(response, tick, context);
        }
        response.statusCode(200).body("status", equalTo("COMPLETED"));
        checkStats(body(response), model.completed(tick.syncId(), tick.time(), board, null, tick.fullRead()),
                context);
        return RunStatus.COMPLETED;
    }

    /**
     * The guard refused the run, as the model said. A retry of the same run is the same refusal; the operator may
     * decide at once (apply or a new epoch), or only after the next ticks were refused too.
     */
    private RunStatus refused(ValidatableResponse response, Tick tick, String context) {
        Read read = model.read(tick.syncId(), board, null, tick.fullRead());
        String rule = model.refusal(tick.syncId(), tick.time(), read, null);
        response.statusCode(500).body("errorMessage", containsString("Mass change refused before any write"));
        assertThat(sync.db().query("SELECT stats->>'massChangeRefused' FROM sync_run WHERE sync_id = ?",
                tick.syncId()).get(0).get(0)).as("%s: the rule", context).isEqualTo(rule);
        model.failed(tick.syncId(), tick.time(), board, null, tick.fullRead(), 0,
                "mass-change/" + rule + "/" + tick.syncId());
        count("refused: " + rule);
        checkEverything(context + ", refused (" + rule + ")");
        if (random.nextInt(4) == 0) {
            // the scheduler retries the same run: refused again, the same refusal (no second alert)
            sync.invoke(tick.event()).statusCode(500)
                    .body("errorMessage", containsString("Mass change refused before any write"));
            model.failed(tick.syncId(), tick.time(), board, null, tick.fullRead(), 0,
                    "mass-change/" + rule + "/" + tick.syncId());
            count("refusals retried");
            checkEverything(context + ", refused again (" + rule + ", a retry)");
        }
        if (awaiting != null) {
            // the operator is still away: it decides on the latest refused run when it comes back
            boolean later = tick.time().isAfter(awaiting.latest().time());
            awaiting = new Awaiting(awaiting.first(), later ? tick : awaiting.latest(), awaiting.since());
            return RunStatus.FAILED;
        }
        if (random.nextInt(3) == 0) {
            awaiting = new Awaiting(tick, tick, 0); // away for now: later runs may be refused too
            return RunStatus.FAILED;
        }
        decide(tick, context);
        return RunStatus.COMPLETED;
    }

    /**
     * While a refused run waits for the operator: a retry of the first refused run comes (the same refusal, if the
     * board still trips the guard), or the operator decides on the latest one, or nothing happens yet.
     */
    private void operatorComesBack(int run, String context) {
        Awaiting waiting = awaiting;
        awaiting = new Awaiting(waiting.first(), waiting.latest(), waiting.since() + 1);
        if (!waiting.first().equals(waiting.latest()) && random.nextBoolean()) {
            count("first refusals retried after a later one");
            deliver(waiting.first(), context + ", the first refused run again (" + waiting.first().syncId() + ")");
            if (model.failures == 0) {
                awaiting = null; // it completed: the board no longer trips the guard
            }
            checkEverything(context + ", the first refused run again");
        } else if (waiting.since() >= 2 || random.nextBoolean()) {
            awaiting = null;
            decide(waiting.latest(), context + ", the operator decides on " + waiting.latest().syncId());
            checkEverything(context + ", the operator decided");
        }
    }

    /** The operator's decision on a refused run; it may fail before it takes effect, and is then run again. */
    private void decide(Tick refused, String context) {
        String syncId = refused.syncId();
        String decision = random.nextBoolean() ? "apply" : "rebaseline";
        Boolean fullRead = "rebaseline".equals(decision) && random.nextInt(4) == 0 ? Boolean.FALSE : null;
        String event = "{\"syncId\": \"" + syncId + "\", \"massChange\": \"" + decision + "\", \"scheduledTime\": \""
                + refused.time() + "\"" + (fullRead == null ? "" : ", \"fullRead\": false") + "}";
        System.out.printf("[reliability] %s: the operator decides: %s%s%n", context, decision,
                fullRead == null ? "" : " (fullRead false)");
        for (int failures = 0; failures < 2 && random.nextInt(4) == 0; failures++) {
            failDecision(event, refused, decision, fullRead, context);
        }
        int before = pagesRequested().size();
        ValidatableResponse response = sync.invoke(event).statusCode(200).body("status", equalTo("COMPLETED"))
                .body("massChange", equalTo(decision));
        Tally expected = model.completed(syncId, refused.time(), board, decision, fullRead);
        List<Integer> requested = pagesRequested();
        assertThat(requested.subList(before, requested.size())).as("%s: pages the %s read", context, decision)
                .isEqualTo(expected.read.pages());
        checkStats(body(response), expected, context + ", " + decision);
        count(decision + (fullRead == null ? "" : " without a full read"));
    }

    /** A decision whose run fails: the board fails during its read, or its connection dies before its first batch. */
    private void failDecision(String event, Tick refused, String decision, Boolean fullRead, String context) {
        String syncId = refused.syncId();
        if (random.nextBoolean()) {
            SourceFault chosen = random.nextInt(4) == 0 ? pick(SourceFault.PERMANENT) : transientFault();
            SourceFault injected = injectPersistently(chosen, model.read(syncId, board, decision, fullRead));
            FIGURES.fault();
            expectFetchFailure(sync.invoke(event), syncId, injected);
            serve(); // the board is back
            model.failed(syncId, refused.time(), board, decision, fullRead, 0, cause(injected));
            count(decision + " failed: " + sourceName() + " " + injected);
        } else {
            long memberId = model.members.get(model.pending(syncId).get(0)).id;
            try {
                killedAt(memberId, event, syncId).statusCode(500)
                        .body("errorMessage", containsString("Database error"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            model.failed(syncId, refused.time(), board, decision, fullRead, 0, null);
            count(decision + " failed: connection killed before its first batch");
        }
        // a decision takes effect with its writes: no epoch, no reference, nothing consumed (board_state below)
        checkEverything(context + ", the " + decision + " failed");
    }

    /**
     * An event whose time is outside {@code [now - 25h, now + 5 min]}: refused before any work, nothing written
     * anywhere, ops alerted at once.
     */
    private void refuseAnEventOutsideItsWindow(int run, String context) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String event = switch (random.nextInt(6)) {
            case 0 -> MockEventServer.scheduledEvent("1970-01-01T00:00:00.000Z"); // the console's sample event
            case 1 -> "{\"job\": \"streaks\", \"scheduledTime\": \"" + LocalDate.now(ZoneOffset.UTC).plusDays(1)
                    + "T00:05:00Z\"}";
            case 2 -> "{\"scheduledTime\": \"" + now.plus(Duration.ofDays(365)) + "\"}";
            case 3 -> MockEventServer.scheduledEvent(now.minus(Duration.ofHours(26)).toString()); // a late retry
            case 4 -> "{\"scheduledTime\": \"" + now.plus(Duration.ofMinutes(10)) + "\"}";
            default -> "{\"syncId\": \"hand-" + run + "\", \"scheduledTime\": \"" + now.minus(Duration.ofHours(30))
                    + "\"}";
        };
        String before = everythingWritten();
        FIGURES.fault();
        sync.invoke(event).statusCode(500)
                .body("errorMessage", containsString("outside the accepted window"))
                .body("errorMessage", containsString("MEE6_EVENT_MAX_AGE"));
        assertThat(everythingWritten()).as("%s: nothing written for the refused event %s", context, event)
                .isEqualTo(before);
        model.refusedEvents++;
        count("events refused");
        FIGURES.checks(1);
    }

    /** A fingerprint of every table a run writes: the ledger, streak days, the control plane, the boards' memory. */
    private String everythingWritten() {
        return (String) sync.db().query("SELECT concat_ws(' | ', "
                + "(SELECT count(*) || '/' || coalesce(max(id), 0) FROM discord_activity), "
                + "(SELECT count(*) || '/' || coalesce(sum(points), 0) FROM point_transaction), "
                + "(SELECT count(*) FROM streak_day), (SELECT count(*) FROM sync_run), "
                + "(SELECT string_agg(row_to_json(s)::text, ';' ORDER BY job) FROM sync_state s), "
                + "(SELECT string_agg(row_to_json(b)::text, ';' ORDER BY source, guild_id) FROM board_state b))")
                .get(0).get(0);
    }

    // --- Checks -----------------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(ValidatableResponse response) {
        try {
            return json.readValue(response.extract().asString(), Map.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A completed run's stats against the model: what it read, where the sweep stands, what it wrote. */
    private void checkStats(Map<String, Object> stats, Tally expected, String context) {
        Read read = expected.read;
        assertThat(read.tooManyPages()).as("%s: the campaign's boards end within MAX_PAGES", context).isFalse();
        Map<String, Object> actual = new LinkedHashMap<>();
        Map<String, Object> wanted = new LinkedHashMap<>();
        wanted.put("xpSource", model.source);
        wanted.put("epoch", (long) expected.epoch);
        wanted.put("mee6FullRead", read.full());
        wanted.put("mee6Pages", (long) read.pages().size());
        wanted.put("sweepPages", (long) read.slicePages());
        wanted.put("sweepProgress", expected.sweepProgress);
        wanted.put("membersNotReached", (long) expected.notReached);
        wanted.put("firstSyncs", (long) expected.firstSyncs);
        wanted.put("provenanceBaselines", (long) expected.provenanceBaselines);
        wanted.put("implausibleFirstReadings", (long) expected.implausible);
        wanted.put("pointsAwarded", expected.awarded);
        wanted.put("pointsDeducted", expected.deducted);
        for (String key : wanted.keySet()) {
            Object value = stats.get(key);
            actual.put(key, value instanceof Number number ? (Object) number.longValue() : value);
        }
        assertThat(actual).as("%s: the run's stats", context).isEqualTo(wanted);
        FIGURES.checks(1);
    }

    /** After every run: the invariants, every member's ledger state, the boards' memory, the counter, the alerts. */
    private void checkEverything(String context) {
        sync.assertLedgerSound(context);

        Map<Long, Long> balances = sync.balances();
        Map<Long, List<Object>> latest = new HashMap<>();
        for (List<Object> row : sync.db().query("SELECT DISTINCT ON (member_id) member_id, leftover_xp, discord_id, "
                + "source, guild_id, epoch, observed_xp, provenance_since FROM discord_activity "
                + "ORDER BY member_id, id DESC")) {
            latest.put(((Number) row.get(0)).longValue(), row.subList(1, row.size()));
        }
        for (Member m : model.members) {
            assertThat(balances.get(m.id)).as("%s: balance of member %d", context, m.id).isEqualTo(m.points);
            List<Object> expected = m.hasRows ? List.of(m.leftover, m.rowDiscordId, m.rowSource, m.rowGuild,
                    m.rowEpoch, m.observed == null ? "null" : m.observed, m.since) : null;
            List<Object> row = latest.get(m.id);
            List<Object> actual = row == null ? null : List.of(row.get(0), row.get(1), row.get(2), row.get(3),
                    row.get(4), row.get(5) == null ? "null" : ((Number) row.get(5)).longValue(), instant(row.get(6)));
            assertThat(actual).as("%s: latest row of member %d (leftover, account, source, guild, epoch, observed, "
                    + "provenance since)", context, m.id).isEqualTo(expected);
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

        Map<String, List<Object>> boards = new TreeMap<>();
        for (List<Object> row : sync.db().query("SELECT source, guild_id, epoch, reference_players, reference_top_xp, "
                + "sweep_cursor, sweep_board_pages, last_full_read_at FROM board_state")) {
            boards.put(row.get(0) + "/" + row.get(1), List.of(row.get(2), String.valueOf(row.get(3)),
                    String.valueOf(row.get(4)), row.get(5), String.valueOf(row.get(6)),
                    String.valueOf(row.get(7) == null ? null : instant(row.get(7)))));
        }
        Map<String, List<Object>> expectedBoards = new TreeMap<>();
        model.boards.forEach((key, b) -> {
            if (b.stored) {
                expectedBoards.put(key, List.of(b.epoch, String.valueOf(b.referencePlayers),
                        String.valueOf(b.referenceTopXp), b.cursor, String.valueOf(b.pages),
                        String.valueOf(b.lastFullReadAt)));
            }
        });
        assertThat(boards).as("%s: board_state (epoch, reference players and top XP, sweep cursor and pages, last "
                + "full read)", context).isEqualTo(expectedBoards);

        assertThat(sync.failureCounter()).as("%s: failure counter", context).isEqualTo(model.failures);
        List<String> events = SentryStandIn.envelopes().stream().filter(e -> e.contains("\"type\":\"event\""))
                .toList();
        Map<String, Long> alerts = new LinkedHashMap<>();
        alerts.put("outage", events.stream().filter(e -> e.contains(OUTAGE) && !e.contains(ATTENTION)).count());
        alerts.put("attention", events.stream().filter(e -> e.contains(ATTENTION)).count());
        alerts.put("recovery", events.stream().filter(e -> e.contains(RECOVERY)).count());
        alerts.put("refused event", events.stream().filter(e -> e.contains(REFUSED_EVENT)).count());
        assertThat(alerts).as("%s: Sentry events", context).isEqualTo(Map.of("outage", (long) model.outageAlerts,
                "attention", (long) model.attentionAlerts, "recovery", (long) model.recoveries,
                "refused event", (long) model.refusedEvents));
        // balances, carries and rows, rows per sync id, board_state, failure counter, alerts
        FIGURES.checks(6);
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        throw new IllegalArgumentException("not a time: " + value);
    }

    private long activityRows() {
        return sync.db().queryLong("SELECT count(*) FROM discord_activity");
    }

    private void count(String what) {
        tally.merge(what, 1, Integer::sum);
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
