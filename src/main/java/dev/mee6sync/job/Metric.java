package dev.mee6sync.job;

/** One CloudWatch metric of a run's EMF line: its value and CloudWatch unit ({@code Count}, {@code Milliseconds}). */
public record Metric(long value, String unit) {

    public static Metric count(long value) {
        return new Metric(value, "Count");
    }

    public static Metric seconds(long value) {
        return new Metric(value, "Seconds");
    }

    public static Metric millis(long value) {
        return new Metric(value, "Milliseconds");
    }
}
