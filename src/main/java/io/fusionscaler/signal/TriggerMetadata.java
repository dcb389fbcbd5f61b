package io.fusionscaler.signal;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed, validating access to a trigger's {@code scalerMetadata}, read the way KEDA reads trigger metadata
 * (pkg/scalers/scalersconfig): values are trimmed of Unicode white space as Go's {@code strings.TrimSpace} does, a
 * blank value counts as absent, booleans follow Go's {@code strconv.ParseBool} and integers are JSON numbers
 * ({@code encoding/json} into an {@code int64}). Each getter names the key, as the trigger spells it, and the rule when
 * a value is bad. A key {@code k} may also arrive as {@code kFromEnv}: KEDA resolves such keys from the target
 * container's environment before calling us and keeps the suffix.
 */
public final class TriggerMetadata {

    public static final String FROM_ENV = "FromEnv";
    private static final Set<String> TRUE_VALUES = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE_VALUES = Set.of("0", "f", "F", "FALSE", "false", "False");
    /** A JSON number without fraction or exponent: what Go's encoding/json accepts for an int64. [0-9] is ASCII only. */
    private static final Pattern JSON_INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
    /** What Go's strconv.ParseInt(s, 10, n) accepts: an optional sign and ASCII digits, leading zeros allowed. */
    private static final Pattern GO_DECIMAL = Pattern.compile("[+-]?[0-9]+");
    /** A plain decimal number: ASCII digits with an optional fraction; no sign, exponent, NaN or Infinity. */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]{1,15}(\\.[0-9]{1,15})?|\\.[0-9]{1,15}");

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

    /** The key as this trigger spells it: {@code keyFromEnv} when only that variant is present, else {@code key}. */
    public String spelling(String key) {
        return !values.containsKey(key) && values.containsKey(key + FROM_ENV) ? key + FROM_ENV : key;
    }

    /** An error about {@code key}, naming it as this trigger spells it. */
    public InvalidMetadataException invalid(String key, String rule) {
        return new InvalidMetadataException(spelling(key), rule);
    }

    /** The value trimmed as KEDA trims it; empty when absent or blank. */
    public Optional<String> string(String key) throws InvalidMetadataException {
        String direct = values.get(key);
        String fromEnv = values.get(key + FROM_ENV);
        if (direct != null && fromEnv != null) {
            throw new InvalidMetadataException(key, "set either '" + key + "' or '" + key + FROM_ENV + "', not both");
        }
        String value = trimSpace(direct != null ? direct : fromEnv == null ? "" : fromEnv);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public String requiredString(String key) throws InvalidMetadataException {
        return string(key).orElseThrow(() -> invalid(key, "is required"));
    }

    /** The spellings of Go's strconv.ParseBool, which KEDA uses. */
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
        throw invalid(key, "must be true or false (or 1, t, T, TRUE, True, 0, f, F, FALSE, False), got "
                + Excerpt.quoted(value.get()));
    }

    /** A plain decimal number ≥ 0 such as {@code 10} or {@code 2.5}; empty when absent. */
    public OptionalDouble decimal(String key) throws InvalidMetadataException {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (!PLAIN_DECIMAL.matcher(value.get()).matches()) {
            throw invalid(key, "must be a number >= 0 like 10 or 2.5, got " + Excerpt.quoted(value.get()));
        }
        return OptionalDouble.of(Double.parseDouble(value.get()));
    }

    /** An integer as KEDA's typed config reads one: an optional '-', ASCII digits, no '+', no leading zero, no fraction. */
    public long longValue(String key, long defaultValue) throws InvalidMetadataException {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        if (JSON_INTEGER.matcher(value.get()).matches()) {
            try {
                return Long.parseLong(value.get());
            } catch (NumberFormatException e) {
                throw invalid(key, "must be an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE
                        + ", got " + Excerpt.quoted(value.get()));
            }
        }
        throw invalid(key, "must be an integer (ASCII digits, an optional '-', no '+' or leading zeros), got "
                + Excerpt.quoted(value.get()));
    }

    /**
     * {@code text} as Go's {@code strconv.ParseInt(text, 10, 32)} reads it (KEDA parses the numbers inside list-valued
     * keys such as {@code partitionLimitation} that way): an optional sign, ASCII digits; empty when it is not one.
     */
    public static OptionalInt goInt32(String text) {
        if (!GO_DECIMAL.matcher(text).matches()) {
            return OptionalInt.empty();
        }
        String digits = text.replaceFirst("^[+-]?0*", "");
        if (digits.length() > 10) {
            return OptionalInt.empty();
        }
        long value = (text.startsWith("-") ? -1 : 1) * (digits.isEmpty() ? 0 : Long.parseLong(digits));
        return value < Integer.MIN_VALUE || value > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) value);
    }

    /** {@code text} without the leading and trailing white space Go's {@code strings.TrimSpace} removes (and nothing else). */
    public static String trimSpace(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isGoSpace(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isGoSpace(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    /** Go's unicode.IsSpace: the Unicode White_Space property. Control characters other than \t \n \v \f \r are not space. */
    private static boolean isGoSpace(int codePoint) {
        return switch (codePoint) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> codePoint >= 0x2000 && codePoint <= 0x200A;
        };
    }
}
