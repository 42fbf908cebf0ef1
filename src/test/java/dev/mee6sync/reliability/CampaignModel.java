package dev.mee6sync.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules of docs/ledger-rules.md written again for the randomised campaign, independently of the code under test
 * (it calls none of its classes): provenance and the plausibility of a first reading (section 2), XP to points (3),
 * which pages a run reads and the rolling sweep (4), the mass-change guard with per-board references and decisions
 * that take effect with their writes (5), and the failure counter and alerts (6). It knows which members each sync id
 * has processed, so a resumed run skips the same ones.
 * <p>
 * Where the rules leave a detail to the board reader, the model follows docs/board-reader.md: a board's size is known
 * from its short last page when that page holds players or the page before it was read in the same run.
 */
final class CampaignModel {

    static final int PAGE_SIZE = 100;
    /** {@code MEE6_MAX_XP_PER_HOUR}'s default. */
    static final long MAX_XP_PER_HOUR = 3_000;
    static final int ALERT_THRESHOLD = 3;
    static final int MIN_MEMBERS = 5;
    static final double SHARE = 0.2;
    /** Rule (c): a reference top XP of at least this much, from a board of at least {@link #RESET_PLAYERS}. */
    static final long RESET_TOP_XP = 10_000;
    static final int RESET_PLAYERS = 10;
    /** Rule (b): a reference board of at least this many players. */
    static final int SHRINK_PLAYERS = 100;
    /** The board's top XP is the XP of this rank on page 0 (its highest when page 0 holds fewer). */
    static final int TOP_RANK = 10;

    /** A player on a board: its account and XP. */
    record Entry(String id, long xp) {
    }

    /** A linked member: its account, and the ledger's state of it (its latest row), as the rules say it must be. */
    static final class Member {
        final long id;
        String discordId;
        boolean hasRows;
        String rowDiscordId;
        String rowSource;
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

    /** A board's memory, per source and guild (board_state): epoch, references, sweep, proofs of absence. */
    static final class Board {
        final String source;
        final String guild;
        int epoch;
        String epochSyncId;
        Integer referencePlayers;
        Long referenceTopXp;
        int cursor;
        /** Pages of the last complete sweep; null before one completed. */
        Integer pages;
        Instant lastFullReadAt;
        /** Runs that read the end from a later page: each proves absence up to its top XP, at its time. */
        final List<Proof> endReads = new ArrayList<>();
        /** Whether board_state has its row (a completed run, or an epoch started). */
        boolean stored;

        Board(String source, String guild) {
            this.source = source;
            this.guild = guild;
        }

        /** The latest time a member now at {@code xp} was proven off this board; null when never. */
        Instant provenAbsentAt(long xp) {
            Instant latest = lastFullReadAt;
            for (Proof proof : endReads) {
                if (xp <= proof.topXp() && (latest == null || proof.at().isAfter(latest))) {
                    latest = proof.at();
                }
            }
            return latest;
        }
    }

    record Proof(Instant at, long topXp) {
    }

    /**
     * What a run's read gives.
     *
     * @param full             every page from 0 to the end in this run
     * @param pages            the pages requested, in order (0-based)
     * @param floorPages       of which the floor region's (pages 0 to floorPages - 1)
     * @param slicePages       of which the slice's own
     * @param found            member index to the XP read
     * @param foundBySlice     of which on the slice's pages only
     * @param players          the board's size when the read knows its end; null otherwise
     * @param lastPage         the page that ends the board (short or empty)
     * @param topXp            the guard's top XP (page 0)
     * @param sliceNext        the first page from the slice's first not read; null without a slice
     * @param sliceReachedEnd  the slice reached the end, or began past it
     * @param endReadTopXp     the top XP of the pages read without a gap down to the end, when not full
     * @param tooManyPages     the floor region would pass the page bound (the campaign's boards never should)
     */
    record Read(boolean full, List<Integer> pages, int floorPages, int slicePages, Map<Integer, Long> found,
            int foundBySlice, Integer players, int lastPage, long topXp, Integer sliceNext, boolean sliceReachedEnd,
            Long endReadTopXp, boolean tooManyPages) {
    }

    /** How one member's reading is taken. */
    enum Kind {
        FIRST_SYNC, ABSENT, BASELINE, IMPLAUSIBLE, FROM_ZERO, DELTA
    }

    /** One member's outcome in one run: its kind and the whole units converted (DELTA and FROM_ZERO). */
    record Plan(Kind kind, long units, long effective, long bound, Long boundWithoutSliceProofs) {
    }

    /** What a completed run wrote, as its stats should say. */
    static final class Tally {
        int firstSyncs;
        int provenanceBaselines;
        int implausible;
        int fromZero;
        int notReached;
        long awarded;
        long deducted;
        int epoch;
        String sweepProgress;
        Read read;
    }

    final int maxPages;
    final int runsPerSweep;
    final List<Member> members = new ArrayList<>();
    final Map<String, Set<Integer>> processed = new LinkedHashMap<>();
    final Set<String> completedIds = new HashSet<>();
    final Map<String, Board> boards = new LinkedHashMap<>();
    String source;
    String guild;

    // the control plane: failures in a row, what ops were told in this outage
    int failures;
    boolean alerted;
    final Set<String> alertedCauses = new HashSet<>();
    int outageAlerts;
    int attentionAlerts;
    int recoveries;
    int refusedEvents;

    // what the campaign did, for its report
    int refusals;
    int applied;
    int rebaselined;
    int fullReads;
    int sweepsCompleted;
    /** Members read on a slice's pages, below the floor region (a removal below the floor, a first reading). */
    int sliceReadings;
    /** Completed runs by the pages their floor region read ("full": every page from 0 to the end). */
    final Map<String, Integer> floorPagesRead = new java.util.TreeMap<>();
    int implausibleReadings;
    int fromZeroReadings;
    /** First readings whose verdict a sweep's proof of absence would have changed, had it counted above its top. */
    int climberVerdicts;
    int relinks;
    /** The kind of each member's latest first reading in a provenance with absence rows only. */
    final Map<Integer, Kind> firstReadings = new HashMap<>();
    final Map<Integer, String> firstReadingNotes = new HashMap<>();

    CampaignModel(List<String> discordIds, List<Long> memberIds, String source, String guild, int maxPages,
            int runsPerSweep) {
        for (int i = 0; i < discordIds.size(); i++) {
            members.add(new Member(discordIds.get(i), memberIds.get(i)));
        }
        this.source = source;
        this.guild = guild;
        this.maxPages = maxPages;
        this.runsPerSweep = runsPerSweep;
    }

    Board board() {
        return boards.computeIfAbsent(source + "/" + guild, key -> new Board(source, guild));
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

    /** A rebaseline starts the next epoch, once per sync id. */
    int epochOf(String syncId, String decision) {
        Board board = board();
        return "rebaseline".equals(decision) && !syncId.equals(board.epochSyncId) ? board.epoch + 1 : board.epoch;
    }

    /** A rebaseline reads the whole board unless told not to; {@code {"fullRead": ...}} says so for any run. */
    static boolean fullRequest(String decision, Boolean fullRead) {
        return fullRead != null ? fullRead : "rebaseline".equals(decision);
    }

    /** How the member's provenance differs from its latest row's: null, or which part changed. */
    String change(Member m, int atEpoch) {
        if (!m.hasRows) {
            return null;
        }
        if (!m.rowDiscordId.equals(m.discordId)) {
            return "account";
        }
        if (!m.rowSource.equals(source)) {
            return "source";
        }
        if (!m.rowGuild.equals(guild)) {
            return "guild";
        }
        return m.rowEpoch != atEpoch ? "epoch" : null;
    }

    // --- Section 4: which pages a run reads ----------------------------------------------------------------------

    static List<Entry> page(List<Entry> ranked, int page) {
        return ranked.subList(Math.min(ranked.size(), page * PAGE_SIZE),
                Math.min(ranked.size(), (page + 1) * PAGE_SIZE));
    }

    /** The pages a run reads on the board served ({@code ranked}: highest XP first), page by page. */
    Read read(String syncId, List<Entry> ranked, String decision, Boolean fullRead) {
        boolean fullRequest = fullRequest(decision, fullRead);
        int atEpoch = epochOf(syncId, decision);
        Map<String, Integer> wanted = new HashMap<>();
        Map<String, Long> floors = new HashMap<>();
        for (int i : pending(syncId)) {
            Member m = members.get(i);
            wanted.put(m.discordId, i);
            if (m.hasRows && change(m, atEpoch) == null && m.observed != null) {
                floors.put(m.discordId, m.observed); // its last observed XP in this provenance
            }
        }
        TreeSet<Integer> read = new TreeSet<>();
        List<Integer> order = new ArrayList<>();
        Map<Integer, Long> found = new HashMap<>();
        Set<String> unfound = new HashSet<>(floors.keySet());
        Integer shortPage = null;
        boolean tooMany = false;
        // the floor region: page 0 onward
        for (int p = 0;; p++) {
            List<Entry> rows = readPage(ranked, p, read, order, wanted, found, unfound);
            if (rows.size() < PAGE_SIZE) {
                shortPage = p;
                break;
            }
            if (!fullRequest) {
                if (unfound.isEmpty()) {
                    break;
                }
                long lowestFloor = unfound.stream().mapToLong(floors::get).min().getAsLong();
                if (rows.get(rows.size() - 1).xp() < lowestFloor) {
                    break;
                }
            }
            if (p + 1 >= maxPages) {
                tooMany = true;
                break;
            }
        }
        int floorPages = order.size();
        int foundByFloor = found.size();
        // the sweep's slice: the next pages past the cursor, starting on the page before it
        int slicePages = 0;
        Integer first = null;
        Board board = board();
        if (!fullRequest && !tooMany) {
            int boardPages = board.pages != null ? board.pages : maxPages;
            int size = (int) Math.ceil(boardPages / (double) runsPerSweep) + 1;
            first = board.cursor == 0 ? 0 : board.cursor - 1;
            int afterFloor = read.last() + 1;
            int start = first <= afterFloor ? Math.max(first, afterFloor) : first;
            for (int p = start; p < first + size && shortPage == null && order.size() < maxPages; p++) {
                List<Entry> rows = readPage(ranked, p, read, order, wanted, found, unfound);
                slicePages++;
                if (rows.size() < PAGE_SIZE) {
                    shortPage = p;
                }
            }
        }
        int lastPage = ranked.size() / PAGE_SIZE;
        // the end is known from a short page that holds players, or whose page before was read in this run
        boolean endKnown = shortPage != null
                && (!page(ranked, shortPage).isEmpty() || shortPage == 0 || read.contains(shortPage - 1));
        boolean full = endKnown && read.size() == lastPage + 1 && read.first() == 0 && read.last() == lastPage;
        List<Entry> page0 = page(ranked, 0);
        long topXp = page0.isEmpty() ? 0 : page0.get(page0.size() < TOP_RANK ? 0 : TOP_RANK - 1).xp();
        Integer sliceNext = null;
        boolean sliceReachedEnd = false;
        if (first != null) {
            int next = first;
            while (read.contains(next)) {
                next++;
            }
            sliceNext = next;
            sliceReachedEnd = endKnown ? lastPage < first || next > lastPage : shortPage != null;
        }
        Long endReadTopXp = null;
        if (endKnown && !full) {
            int top = lastPage;
            while (read.contains(top - 1)) {
                top--;
            }
            List<Entry> topRows = page(ranked, top);
            endReadTopXp = topRows.isEmpty() ? 0L : topRows.get(0).xp();
        }
        return new Read(full, order, floorPages, slicePages, found, found.size() - foundByFloor,
                endKnown ? ranked.size() : null, lastPage, topXp, sliceNext, sliceReachedEnd, endReadTopXp, tooMany);
    }

    private static List<Entry> readPage(List<Entry> ranked, int p, Set<Integer> read, List<Integer> order,
            Map<String, Integer> wanted, Map<Integer, Long> found, Set<String> unfound) {
        List<Entry> rows = page(ranked, p);
        read.add(p);
        order.add(p);
        for (Entry row : rows) {
            Integer i = wanted.get(row.id());
            if (i != null && !found.containsKey(i)) {
                found.put(i, row.xp()); // the first, higher-ranked reading
                unfound.remove(row.id());
            }
        }
        return rows;
    }

    // --- Sections 2 and 3: one member's reading --------------------------------------------------------------------

    /** MEE6 publishes 25 XP a message × rate 1.0 × 60; Lurkr 25 × 3,600 / 60 s × 2 (the stand-ins' pages). */
    long maxXpPerHour() {
        long published = "lurkr".equals(source) ? 25L * 3_600 / 60 * 2 : 25L * 60;
        return Math.max(MAX_XP_PER_HOUR, published);
    }

    /** The most XP that can be new: per hour × max(1, hours since the later of its first row and its proof). */
    long bound(Instant since, Instant proven, Instant time) {
        Instant from = proven != null && proven.isAfter(since) ? proven : since;
        double hours = Math.max(1.0, Duration.between(from, time).toMillis() / 3_600_000.0);
        return (long) (maxXpPerHour() * hours);
    }

    Plan plan(Member m, Long reading, Instant time, int atEpoch) {
        String change = change(m, atEpoch);
        if (reading == null) {
            return new Plan(m.hasRows ? Kind.ABSENT : Kind.FIRST_SYNC, 0, 0, 0, null);
        }
        if (!m.hasRows) {
            return new Plan(Kind.FIRST_SYNC, 0, 0, 0, null);
        }
        if (change != null) {
            return new Plan(Kind.BASELINE, 0, 0, 0, null);
        }
        long from = 0;
        long bound = 0;
        Long fullReadBound = null;
        Kind kind = Kind.DELTA;
        if (m.observed == null) {
            Board board = board();
            bound = bound(m.since, board.provenAbsentAt(reading), time);
            // the same window if a sweep's last slice proved absence whatever the XP (climbers taken as absent)
            Instant anyProof = board.lastFullReadAt;
            for (Proof proof : board.endReads) {
                anyProof = anyProof == null || proof.at().isAfter(anyProof) ? proof.at() : anyProof;
            }
            fullReadBound = bound(m.since, anyProof, time);
            if (reading > bound) {
                return new Plan(Kind.IMPLAUSIBLE, 0, 0, bound, fullReadBound);
            }
            kind = Kind.FROM_ZERO;
        } else {
            from = m.observed;
        }
        long effective = reading - from + m.leftover;
        return new Plan(kind, effective / 100, effective, bound, fullReadBound); // toward zero, as Java divides
    }

    /** One member in one run: writes its row as the rules say, unless an earlier attempt of the sync id did. */
    private void process(String syncId, int index, Instant time, Long reading, int atEpoch, Tally tally) {
        if (!processed.computeIfAbsent(syncId, id -> new HashSet<>()).add(index)) {
            return;
        }
        Member m = members.get(index);
        String change = change(m, atEpoch);
        Plan plan = plan(m, reading, time, atEpoch);
        if (plan.boundWithoutSliceProofs() != null
                && reading > plan.bound() != reading > plan.boundWithoutSliceProofs()) {
            climberVerdicts++;
        }
        if (plan.kind() == Kind.FROM_ZERO || plan.kind() == Kind.IMPLAUSIBLE) {
            firstReadings.put(index, plan.kind());
            firstReadingNotes.put(index, String.format("%d XP at %s in %s, first row %s, last full read %s, reads of "
                    + "the end %s: at most %d XP (%d if a sweep's end proved absence whatever the XP)", reading, time,
                    syncId, m.since, board().lastFullReadAt, board().endReads, plan.bound(),
                    plan.boundWithoutSliceProofs()));
        } else if (reading == null && change != null && !"epoch".equals(change)) {
            firstReadings.remove(index);
        }
        switch (plan.kind()) {
            case FIRST_SYNC -> {
                tally.firstSyncs++;
                startProvenance(m, time, reading, atEpoch);
            }
            case ABSENT -> {
                if (change != null && !"epoch".equals(change)) {
                    startProvenance(m, time, null, atEpoch); // its new provenance opens with this absence
                }
                // otherwise no reading, nothing changes: an absence never moves a member into a new epoch
            }
            case BASELINE -> {
                tally.provenanceBaselines++;
                startProvenance(m, time, reading, atEpoch);
            }
            case IMPLAUSIBLE -> {
                tally.implausible++;
                implausibleReadings++;
                m.observed = reading; // a baseline in the same provenance
                m.leftover = 0;
            }
            case FROM_ZERO, DELTA -> {
                if (plan.kind() == Kind.FROM_ZERO) {
                    tally.fromZero++;
                    fromZeroReadings++;
                }
                long units = plan.units();
                m.points += units; // point_config: 1 point per 100 XP
                if (units > 0) {
                    tally.awarded += units;
                } else {
                    tally.deducted -= units;
                }
                m.leftover = (int) (plan.effective() - units * 100);
                m.observed = reading;
            }
        }
    }

    private void startProvenance(Member m, Instant time, Long reading, int atEpoch) {
        m.hasRows = true;
        m.rowDiscordId = m.discordId;
        m.rowSource = source;
        m.rowGuild = guild;
        m.rowEpoch = atEpoch;
        m.leftover = 0;
        m.observed = reading;
        m.since = time;
    }

    // --- Section 5: the mass-change guard -------------------------------------------------------------------------

    /** The guard's verdict on a run: null, or the rule that refuses it (checked in the rules' order). */
    String refusal(String syncId, Instant time, Read read, String decision) {
        if (decision != null) {
            return null;
        }
        Board board = board();
        if (board.referenceTopXp != null && board.referenceTopXp >= RESET_TOP_XP && board.referencePlayers != null
                && board.referencePlayers >= RESET_PLAYERS && 2 * read.topXp() < board.referenceTopXp) {
            return "board-reset";
        }
        if (read.players() != null && board.referencePlayers != null && board.referencePlayers >= SHRINK_PLAYERS
                && 2L * read.players() < board.referencePlayers) {
            return "board-shrank";
        }
        int compared = 0;
        int losing = 0;
        for (int i : pending(syncId)) {
            Plan plan = plan(members.get(i), read.found().get(i), time, board.epoch);
            if (plan.kind() == Kind.DELTA) {
                compared++;
                if (plan.units() < 0) {
                    losing++;
                }
            }
        }
        return losing >= MIN_MEMBERS && losing >= SHARE * compared ? "deductions" : null;
    }

    /** Whether a member of the second batch gets a point transaction (a statement timeout there needs one). */
    boolean secondBatchPays(String syncId, Instant time, Read read, int batchSize) {
        List<Integer> pending = pending(syncId);
        for (int k = batchSize; k < pending.size(); k++) {
            int i = pending.get(k);
            Plan plan = plan(members.get(i), read.found().get(i), time, board().epoch);
            if ((plan.kind() == Kind.DELTA || plan.kind() == Kind.FROM_ZERO) && plan.units() != 0) {
                return true;
            }
        }
        return false;
    }

    // --- A run's end ----------------------------------------------------------------------------------------------

    /** A completed run: every pending member's row, the board's memory, the outage's end. */
    Tally completed(String syncId, Instant time, List<Entry> ranked, String decision, Boolean fullRead) {
        Read read = read(syncId, ranked, decision, fullRead);
        Board board = board();
        int atEpoch = epochOf(syncId, decision);
        Tally tally = new Tally();
        tally.read = read;
        tally.epoch = atEpoch;
        if ("rebaseline".equals(decision)) {
            startEpoch(syncId, board);
            rebaselined++;
        } else if ("apply".equals(decision)) {
            applied++;
        }
        for (int i : pending(syncId)) {
            Long reading = read.found().get(i);
            if (reading == null && !read.full()) {
                tally.notReached++;
            }
            process(syncId, i, time, reading, atEpoch, tally);
        }
        completedIds.add(syncId);
        tally.sweepProgress = sweepProgress(board, read);
        remember(board, read, time);
        if (read.full()) {
            fullReads++;
        }
        sliceReadings += read.foundBySlice();
        floorPagesRead.merge(read.full() ? "full" : String.valueOf(read.floorPages()), 1, Integer::sum);
        if (alerted) {
            recoveries++;
        }
        alerted = false;
        alertedCauses.clear();
        failures = 0;
        return tally;
    }

    private void startEpoch(String syncId, Board board) {
        if (!syncId.equals(board.epochSyncId)) {
            board.epoch++;
            board.epochSyncId = syncId;
            board.stored = true;
        }
    }

    /** The stats' {@code sweepProgress} after the read: cursor / pages of the board ("?" while unknown). */
    private static String sweepProgress(Board before, Read read) {
        Integer pages = read.players() != null ? Integer.valueOf(read.lastPage() + 1) : before.pages;
        int cursor = read.players() != null ? pages : read.sliceReachedEnd() ? 0
                : read.sliceNext() != null ? read.sliceNext() : before.cursor;
        return cursor + "/" + (pages == null ? "?" : pages);
    }

    /** What a completed run's read leaves in the board's memory, at the run's time. */
    private void remember(Board board, Read read, Instant at) {
        board.stored = true;
        if (read.full() && (board.lastFullReadAt == null || at.isAfter(board.lastFullReadAt))) {
            board.lastFullReadAt = at;
        }
        if (read.players() != null) {
            board.referencePlayers = read.players();
            board.referenceTopXp = read.topXp();
            board.cursor = 0; // the sweep is complete: the next one starts at page 0
            board.pages = read.lastPage() + 1;
            sweepsCompleted++;
            if (!read.full()) {
                board.endReads.add(new Proof(at, read.endReadTopXp()));
            }
        } else if (read.sliceReachedEnd()) {
            board.cursor = 0; // began past the end of a board that shrank: its size is unknown
        } else if (read.sliceNext() != null) {
            board.cursor = read.sliceNext();
        }
    }

    /**
     * A failed run that committed the first {@code committed} members it processed (its first batches; a
     * rebaseline's epoch with the first); {@code cause}: what needs an operator now (null: a transient failure).
     */
    void failed(String syncId, Instant time, List<Entry> ranked, String decision, Boolean fullRead, int committed,
            String cause) {
        List<Integer> pending = pending(syncId);
        if (committed > 0 && !pending.isEmpty()) {
            Read read = read(syncId, ranked, decision, fullRead);
            int atEpoch = epochOf(syncId, decision);
            if ("rebaseline".equals(decision)) {
                startEpoch(syncId, board());
            }
            Tally ignored = new Tally();
            for (int k = 0; k < committed && k < pending.size(); k++) {
                int i = pending.get(k);
                process(syncId, i, time, read.found().get(i), atEpoch, ignored);
            }
        }
        processed.computeIfAbsent(syncId, id -> new HashSet<>());
        failures++;
        if (cause != null && cause.startsWith("mass-change/")) {
            refusals++;
        }
        // a failure that needs someone alerts at once, once per cause and outage, and counts as the outage's alert
        if (cause != null && alertedCauses.add(cause)) {
            attentionAlerts++;
            alerted = true;
        } else if (failures >= ALERT_THRESHOLD && !alerted) {
            outageAlerts++;
            alerted = true;
        }
    }

    @Override
    public String toString() {
        return source + "/" + guild + "/" + board().epoch;
    }
}
