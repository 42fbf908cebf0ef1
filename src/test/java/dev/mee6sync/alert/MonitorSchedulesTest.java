package dev.mee6sync.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.sentry.MonitorSchedule;

/** EventBridge schedule expressions as Sentry cron monitor schedules. */
class MonitorSchedulesTest {

    @ParameterizedTest
    @CsvSource({
            "rate(1 hour),        1,  hour",
            "rate(2 hours),       2,  hour",
            "rate(30 minutes),    30, minute",
            "rate(1 minute),      1,  minute",
            "rate(1 day),         1,  day",
            "'  rate(6 hours)  ', 6,  hour" })
    void ratesAreIntervals(String expression, String value, String unit) {
        MonitorSchedule schedule = MonitorSchedules.fromEventBridge(expression).orElseThrow();
        assertThat(schedule.getType()).isEqualTo("interval");
        assertThat(schedule.getValue()).isEqualTo(value);
        assertThat(schedule.getUnit()).isEqualTo(unit);
    }

    @ParameterizedTest
    @CsvSource({
            "cron(0 * * * ? *),           0 * * * *",
            "cron(5 */2 * * ? *),         5 */2 * * *",
            "cron(0 12 ? * MON-FRI *),    0 12 * * MON-FRI",
            "cron(15 8 1 * ? *),          15 8 1 * *",
            "cron(0 8 ? * 2-6 *),         0 8 * * 1-5",
            "'cron(0 8 ? * 1,7 *)',       '0 8 * * 0,6'" })
    void cronsAreCrontabsWithSundayAsZero(String expression, String crontab) {
        MonitorSchedule schedule = MonitorSchedules.fromEventBridge(expression).orElseThrow();
        assertThat(schedule.getType()).isEqualTo("crontab");
        assertThat(schedule.getValue()).isEqualTo(crontab);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "at(2026-11-24T05:00:00)", "rate(0 hours)", "rate(1 week)", "cron(0 8 L * ? *)",
            "cron(0 8 ? * 6L *)", "cron(0 8 ? * MON#1 *)", "cron(0 8 15W * ? *)", "cron(0 8 * * ? 2027)",
            "cron(0 8 * * ?)", "every hour" })
    void expressionsWithoutASentryFormGiveNoSchedule(String expression) {
        assertThat(MonitorSchedules.fromEventBridge(expression)).isEmpty();
    }
}
