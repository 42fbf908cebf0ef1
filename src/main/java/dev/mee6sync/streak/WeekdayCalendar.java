package dev.mee6sync.streak;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which weekdays a streak run evaluates (docs/ledger-rules.md, "Weekday streaks"): Monday to Friday (UTC), oldest
 * first, every one after the last evaluated and before the run's date; the very first run only the last weekday
 * before its date. Saturdays and Sundays are never evaluated: they neither break nor extend a streak.
 */
public final class WeekdayCalendar {

    private WeekdayCalendar() {
    }

    public static boolean isWeekday(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /** The weekdays a run dated {@code today} evaluates after {@code lastEvaluated} (empty: the job's first run). */
    public static List<LocalDate> toEvaluate(Optional<LocalDate> lastEvaluated, LocalDate today) {
        if (lastEvaluated.isEmpty()) {
            return List.of(lastWeekdayBefore(today));
        }
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = lastEvaluated.get().plusDays(1); day.isBefore(today); day = day.plusDays(1)) {
            if (isWeekday(day)) {
                days.add(day);
            }
        }
        return days;
    }

    static LocalDate lastWeekdayBefore(LocalDate today) {
        LocalDate day = today.minusDays(1);
        while (!isWeekday(day)) {
            day = day.minusDays(1);
        }
        return day;
    }
}
