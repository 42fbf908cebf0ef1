package dev.mee6sync.alert;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sentry.MonitorSchedule;
import io.sentry.MonitorScheduleUnit;

/**
 * A Sentry cron monitor's schedule from an EventBridge expression: {@code rate(...)} an interval, {@code cron(...)} a
 * five-field crontab (days of week shifted from 1-7 to 0-6; a year, {@code L}, {@code W} or {@code #}: none).
 */
public final class MonitorSchedules {

    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minutes?|hours?|days?)\\s*\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.+)\\)");
    private static final Pattern CRONTAB_FIELD = Pattern.compile("[0-9A-Za-z*/,-]+");
    private static final Pattern NUMERIC_DAYS = Pattern.compile("[0-9,-]+");

    private MonitorSchedules() {
    }

    public static Optional<MonitorSchedule> fromEventBridge(String expression) {
        String text = expression == null ? "" : expression.trim();
        Matcher rate = RATE.matcher(text);
        if (rate.matches()) {
            int value = Integer.parseInt(rate.group(1));
            String unit = rate.group(2);
            if (value < 1) {
                return Optional.empty();
            }
            MonitorScheduleUnit sentryUnit = unit.startsWith("minute") ? MonitorScheduleUnit.MINUTE
                    : unit.startsWith("hour") ? MonitorScheduleUnit.HOUR : MonitorScheduleUnit.DAY;
            return Optional.of(MonitorSchedule.interval(value, sentryUnit));
        }
        Matcher cron = CRON.matcher(text);
        if (cron.matches()) {
            return crontab(cron.group(1).trim().split("\\s+")).map(MonitorSchedule::crontab);
        }
        return Optional.empty();
    }

    private static Optional<String> crontab(String[] fields) {
        if (fields.length != 6 || !(fields[5].equals("*") || fields[5].equals("?"))) {
            return Optional.empty();
        }
        String[] out = new String[5];
        for (int i = 0; i < 5; i++) {
            String field = fields[i].equals("?") ? "*" : fields[i];
            if (!CRONTAB_FIELD.matcher(field).matches() || field.toUpperCase(Locale.ROOT).matches(".*\\d[LW].*|L|LW")) {
                return Optional.empty();
            }
            out[i] = field;
        }
        if (NUMERIC_DAYS.matcher(out[4]).matches()) {
            out[4] = shiftDaysOfWeek(out[4]);
            if (out[4] == null) {
                return Optional.empty();
            }
        }
        return Optional.of(String.join(" ", out));
    }

    /** EventBridge 1-7 (SUN-SAT) to crontab 0-6 (SUN-SAT), in lists and ranges. */
    private static String shiftDaysOfWeek(String field) {
        StringBuilder shifted = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (Character.isDigit(c)) {
                int day = c - '0';
                if (day < 1 || day > 7 || i + 1 < field.length() && Character.isDigit(field.charAt(i + 1))) {
                    return null;
                }
                shifted.append(day - 1);
            } else {
                shifted.append(c);
            }
        }
        return shifted.toString();
    }
}
