package dev.mee6sync.streak;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Which weekdays a streak run evaluates, and which wait for the sync (docs/ledger-rules.md, "8. Weekday streaks"). */
public final class WeekdayCalendar {

    private WeekdayCalendar() {
    }

    public static boolean isWeekday(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /**
     * The weekdays due on {@code today} after {@code lastEvaluated}; when none was evaluated yet, from the last
     * weekday before {@code firstRun} (the date of the job's first run, so that a day it left waiting is caught up).
     */
    public static List<LocalDate> toEvaluate(Optional<LocalDate> lastEvaluated, LocalDate firstRun, LocalDate today) {
        LocalDate from = lastEvaluated.map(day -> day.plusDays(1))
                .orElseGet(() -> lastWeekdayBefore(firstRun.isBefore(today) ? firstRun : today));
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = from; day.isBefore(today); day = day.plusDays(1)) {
            if (isWeekday(day)) {
                days.add(day);
            }
        }
        return days;
    }

    /**
     * How many of {@code due} (oldest first) the sync covered: a day is covered once a sync run whose time (its tick)
     * is at or after the day's end has completed; empty {@code syncedThrough}: none completed yet.
     */
    public static int covered(List<LocalDate> due, Optional<Instant> syncedThrough) {
        int covered = 0;
        for (LocalDate day : due) {
            if (syncedThrough.isEmpty() || syncedThrough.get().isBefore(end(day))) {
                break;
            }
            covered++;
        }
        return covered;
    }

    /** The end of a UTC day: the next midnight. */
    static Instant end(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static LocalDate lastWeekdayBefore(LocalDate today) {
        LocalDate day = today.minusDays(1);
        while (!isWeekday(day)) {
            day = day.minusDays(1);
        }
        return day;
    }
}
