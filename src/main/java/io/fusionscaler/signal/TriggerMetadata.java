package io.fusionscaler.signal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed, validating access to a trigger's {@code scalerMetadata}. Each getter names the key and the rule
 * when a value is bad. A key {@code k} may also arrive as {@code kFromEnv}: KEDA resolves such keys from
 * the target container's environment before calling us and keeps the suffix.
 */
public final class TriggerMetadata {

    public static final String FROM_ENV = "FromEnv";
    private static final Set<String> TRUE_VALUES = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE_VALUES = Set.of("0", "f", "F", "FALSE", "false", "False");

    private final Map<String, String> values;

    public TriggerMetadata(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public Map<String, String> asMap() {
        return values;
    }

    /** Whether {@code key} (or {@code keyFromEnv}) is present. */
    public boolean has(String key) {
        return values.containsKey(key) || values.containsKey(key + FROM_ENV);
    }

    /** The trimmed value; empty when absent or blank. */
    public Optional<String> string(String key) throws InvalidMetadataException {
        String direct = values.get(key);
        String fromEnv = values.get(key + FROM_ENV);
        if (direct != null && fromEnv != null) {
            throw new InvalidMetadataException(key, "set either '" + key + "' or '" + key + FROM_ENV + "', not both");
        }
        String value = direct != null ? direct : fromEnv;
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    public String requiredString(String key) throws InvalidMetadataException {
        return string(key).orElseThrow(() -> new InvalidMetadataException(key, "is required"));
    }

    /** KEDA parses booleans with Go's strconv.ParseBool, so the same spellings are accepted here. */
    public boolean bool(String key, boolean defaultValue) throws InvalidMetadataException {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        if (TRUE_VALUES.contains(value.get())) {
            return true;
        }
        if (FALSE_VALUES.contains(value.get())) {
            return false;
        }
        throw new InvalidMetadataException(key, "must be true or false, got '" + value.get() + "'");
    }

    public long longValue(String key, long defaultValue) throws InvalidMetadataException {
        return parsed(key, defaultValue, Long::parseLong, "an integer");
    }

    private <T> T parsed(String key, T defaultValue, Function<String, T> parser, String expected) throws InvalidMetadataException {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return parser.apply(value.get());
        } catch (NumberFormatException e) {
            throw new InvalidMetadataException(key, "must be " + expected + ", got '" + value.get() + "'");
        }
    }
}
