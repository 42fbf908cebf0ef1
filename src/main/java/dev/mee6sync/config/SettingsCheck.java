package dev.mee6sync.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.mee6sync.text.Durations;

/**
 * Checks of settings that their types alone cannot make. Each problem names the environment variable an operator sets
 * and its property: {@code MEE6_PAGE_SIZE (mee6.page-size) must be between 1 and 1000, got 0}.
 */
public final class SettingsCheck {

    private final String prefix;
    private final List<String> problems = new ArrayList<>();

    /** @param prefix the properties' prefix: {@code mee6}, {@code lurkr} */
    public SettingsCheck(String prefix) {
        this.prefix = prefix;
    }

    /** {@code MEE6_PAGE_SIZE (mee6.page-size)} for {@code page-size}. */
    public String name(String key) {
        String property = prefix + "." + key;
        return property.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + " (" + property + ")";
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public SettingsCheck add(String problem) {
        problems.add(problem);
        return this;
    }

    public SettingsCheck httpUrl(String key, String value) {
        try {
            URI uri = new URI(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.add(name(key) + " must be an http(s) URL, got '" + value + "'");
            }
        } catch (URISyntaxException e) {
            problems.add(name(key) + " is not a URL: " + e.getMessage());
        }
        return this;
    }

    public SettingsCheck range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            problems.add(name(key) + " must be between " + min + " and " + max + ", got " + value);
        }
        return this;
    }

    public SettingsCheck notNegative(String key, Duration value) {
        if (value.isNegative()) {
            problems.add(name(key) + " must not be negative, got " + Durations.human(value));
        }
        return this;
    }

    public SettingsCheck positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(name(key) + " must be positive, got " + Durations.human(value));
        }
        return this;
    }

    public SettingsCheck atLeast(String key, Duration value, Duration min) {
        if (value.compareTo(min) < 0) {
            problems.add(name(key) + " must be at least " + Durations.human(min) + ", got " + Durations.human(value));
        }
        return this;
    }
}
