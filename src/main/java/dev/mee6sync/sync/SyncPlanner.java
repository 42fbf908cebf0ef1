package dev.mee6sync.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.mee6sync.ledger.AwardDecision;
import dev.mee6sync.ledger.DiscordPointRules;
import dev.mee6sync.ledger.PointRate;

/**
 * The sync's rules for one member, without I/O (docs/ledger-rules.md, "1. Members, readings, rows", "2. Provenance"
 * and "A first reading must be plausible", with a worked example of each case).
 */
public final class SyncPlanner {

    private SyncPlanner() {
    }

    /**
     * What the run knows that every plan needs.
     *
     * @param source       the XP source read
     * @param guildId      the guild whose board was read
     * @param epoch        the current epoch of that board
     * @param rate         the discord_activity points per 100 XP, and whether it pays
     * @param runTime      the run's time (its schedule tick, else when it started)
     * @param maxXpPerHour the plausibility bound of a first reading, per hour
     * @param proofs       when the board last proved members it did not find off the board
     */
    public record Context(String source, String guildId, int epoch, PointRate rate, Instant runTime,
            long maxXpPerHour, AbsenceProofs proofs) {

        /** The same context with another bound per hour (the board's published XP rate). */
        public Context withMaxXpPerHour(long bound) {
            return new Context(source, guildId, epoch, rate, runTime, bound, proofs);
        }
    }

    /**
     * When the board last proved that the members a run did not find held no XP on it (docs/ledger-rules.md, "A first
     * reading must be plausible").
     *
     * @param fullReadAt   the last completed full read; null when none
     * @param endReadAt    the last completed run that reached the end of the board from a later page; null when none
     * @param endReadTopXp the highest XP on the first page of that run's last read pages
     */
    public record AbsenceProofs(Instant fullReadAt, Instant endReadAt, Long endReadTopXp) {

        /** The latest time a member now at {@code xp} was proven off the board; null when never. */
        public Instant provenAbsentAt(long xp) {
            Instant latest = fullReadAt;
            if (endReadAt != null && endReadTopXp != null && xp <= endReadTopXp
                    && (latest == null || endReadAt.isAfter(latest))) {
                latest = endReadAt;
            }
            return latest;
        }
    }

    /** Which rule applied. */
    public enum Kind {
        /** The member's first sync: a baseline, or an absence. */
        FIRST_SYNC,
        /** Not on the board: no reading. */
        ABSENT,
        /** The provenance changed ({@link Plan#change()} says how): a baseline. */
        BASELINE,
        /** A first reading in this provenance above the plausibility bound: a baseline. */
        IMPLAUSIBLE_FIRST_READING,
        /** A first reading in this provenance within the bound: paid from 0. */
        FROM_ZERO,
        /** The delta from the last observed reading. */
        DELTA
    }

    /**
     * A member's planned outcome.
     *
     * @param activity the activity row to write
     * @param decision the award decision when XP was converted (FROM_ZERO, DELTA); null otherwise
     * @param xpBefore the last observed XP the delta was taken from (null: from 0, or no delta)
     * @param change   how the provenance changed, for BASELINE (and for an absence that opened a new provenance)
     * @param bound    the plausibility bound, for FROM_ZERO and IMPLAUSIBLE_FIRST_READING
     */
    public record Plan(MemberState member, Kind kind, ActivityRow activity, AwardDecision decision, Long xpBefore,
            Provenance.Change change, long bound) {

        public int points() {
            return decision == null ? 0 : decision.points();
        }

        /** Whole units lost (an admin's XP removal): what the mass-change guard counts, paid or not. */
        public boolean losesUnits() {
            return decision != null && decision.conversion().units() < 0;
        }

        /** The member in words, for the run's log. */
        public String describe() {
            ActivityRow row = activity;
            return switch (kind) {
                case FIRST_SYNC -> row.inLeaderboard()
                        ? "baseline at " + row.xpTotal() + " XP (first sync: nothing paid for past XP)"
                        : "not on the leaderboard: no reading, nothing deducted (first sync)";
                case ABSENT -> "not on the leaderboard: no reading, nothing deducted, carry " + row.leftoverXp()
                        + " XP kept" + (change == null || change == Provenance.Change.REBASELINED ? ""
                                : " (" + change.reason() + ": its first row in the new provenance)");
                case BASELINE -> "baseline at " + row.xpTotal() + " XP: " + change.reason()
                        + " (nothing paid or deducted, carry reset)";
                case IMPLAUSIBLE_FIRST_READING -> "baseline at " + row.xpTotal() + " XP: a first reading above the "
                        + "plausible " + bound + " XP (the most XP an hour x the hours since its first row, or since a "
                        + "read proved it off the board), nothing paid";
                case FROM_ZERO, DELTA -> String.format("%d XP (%+d since %s): %s, carry %d XP", row.xpTotal(),
                        row.xpDelta(), xpBefore == null ? "never observed, from 0" : xpBefore,
                        points() == 0 ? "no points" : String.format("%+d points", points()), row.leftoverXp());
            };
        }
    }

    /** The provenance a reading of the member belongs to in this run: its account, the guild read, the epoch. */
    static Provenance current(MemberState member, Context context) {
        return new Provenance(member.discordId(), context.source(), context.guildId(), context.epoch());
    }

    /** How the member's provenance changed since its latest row; null when it did not, or it has no row yet. */
    static Provenance.Change change(MemberState member, Context context) {
        return member.hasHistory() ? member.latest().provenance().changeTo(current(member, context)) : null;
    }

    /** The member's XP floor: its last observed XP in its current provenance; null when it has none there. */
    static Long floor(MemberState member, Context context) {
        return member.hasHistory() && change(member, context) == null ? member.latest().observedXp() : null;
    }

    /** @param reading the member's XP on the board; empty when it was not found (no reading) */
    public static Plan plan(MemberState member, Optional<Long> reading, Context context) {
        Provenance now = current(member, context);
        MemberState.LatestRow last = member.latest();
        Provenance.Change change = change(member, context);
        Instant time = context.runTime();
        if (reading.isEmpty()) {
            if (last == null) {
                return plan(member, Kind.FIRST_SYNC, absence(member, now, 0, null, time), null, null, null, 0);
            }
            if (change == null) {
                return plan(member, Kind.ABSENT, absence(member, now, last.leftoverXp(), last.observedXp(),
                        last.provenanceSince()), null, null, null, 0);
            }
            if (change == Provenance.Change.REBASELINED) {
                // an absence never moves a member into a new epoch: its next reading, whenever, is the baseline
                Provenance kept = new Provenance(now.discordId(), now.source(), now.guildId(),
                        last.provenance().epoch());
                return plan(member, Kind.ABSENT, absence(member, kept, last.leftoverXp(), last.observedXp(),
                        last.provenanceSince()), null, null, change, 0);
            }
            // a new account or guild: its history starts with this absence (leftover never crosses provenances)
            return plan(member, Kind.ABSENT, absence(member, now, 0, null, time), null, null, change, 0);
        }
        long xp = reading.get();
        if (last == null) {
            return plan(member, Kind.FIRST_SYNC, baseline(member, now, xp, time), null, null, null, 0);
        }
        if (change != null) {
            return plan(member, Kind.BASELINE, baseline(member, now, xp, time), null, null, change, 0);
        }
        if (last.observedXp() == null) {
            long bound = plausibleBound(context, last.provenanceSince(), xp);
            if (xp > bound) {
                return plan(member, Kind.IMPLAUSIBLE_FIRST_READING, baseline(member, now, xp, last.provenanceSince()),
                        null, null, null, bound);
            }
            return converted(member, Kind.FROM_ZERO, now, xp, null, last, context, bound);
        }
        return converted(member, Kind.DELTA, now, xp, last.observedXp(), last, context, 0);
    }

    /**
     * {@code max XP per hour x max(1, hours since the later of the provenance's first row and the last proof that
     * the member, now at {@code xp}, was off the board)}.
     */
    static long plausibleBound(Context context, Instant provenanceSince, long xp) {
        Instant since = provenanceSince;
        Instant proven = context.proofs().provenAbsentAt(xp);
        if (proven != null && proven.isAfter(since)) {
            since = proven;
        }
        double hours = Math.max(1.0, Duration.between(since, context.runTime()).toMillis() / 3_600_000.0);
        double bound = context.maxXpPerHour() * hours;
        return bound >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bound;
    }

    private static Plan converted(MemberState member, Kind kind, Provenance now, long xp, Long before,
            MemberState.LatestRow last, Context context, long bound) {
        long delta = xp - (before == null ? 0 : before);
        AwardDecision decision = DiscordPointRules.decide(member.memberId(), delta, last.leftoverXp(), context.rate());
        ActivityRow row = new ActivityRow(member.memberId(), now, xp, delta, decision.leftoverXp(), true, xp,
                last.provenanceSince());
        return plan(member, kind, row, decision, before, null, bound);
    }

    private static ActivityRow absence(MemberState member, Provenance provenance, int leftover, Long observed,
            Instant since) {
        return new ActivityRow(member.memberId(), provenance, 0, null, leftover, false, observed, since);
    }

    private static ActivityRow baseline(MemberState member, Provenance provenance, long xp, Instant since) {
        return new ActivityRow(member.memberId(), provenance, xp, null, 0, true, xp, since);
    }

    private static Plan plan(MemberState member, Kind kind, ActivityRow row, AwardDecision decision, Long before,
            Provenance.Change change, long bound) {
        return new Plan(member, kind, row, decision, before, change, bound);
    }
}
