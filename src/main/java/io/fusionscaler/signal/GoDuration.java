package io.fusionscaler.signal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A duration as Go's {@code time.ParseDuration} reads it (the form KEDA users write: {@code 5m}, {@code 1h30m},
 * {@code 90s}, {@code 1.5h}, {@code 300ms}): an optional sign, then one or more decimal numbers each with a unit
 * ({@code ns}, {@code us}, {@code µs}, {@code μs}, {@code ms}, {@code s}, {@code m}, {@code h}); {@code 0} alone needs no
 * unit. Fractions finer than a nanosecond are cut, as Go does. Shared by the signals whose trigger keys are durations.
 */
public final class GoDuration {

    private static final Map<String, Long> UNIT_NANOS = Map.of("ns", 1L, "us", 1_000L, "\u00B5s", 1_000L, "\u03BCs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /** The duration, or empty when {@code text} is not one Go would accept (or overflows Go's int64 nanoseconds). */
    public static Optional<Duration> parse(String text) {
        String rest = text;
        boolean negative = false;
        if (rest.startsWith("-") || rest.startsWith("+")) {
            negative = rest.charAt(0) == '-';
            rest = rest.substring(1);
        }
        if (rest.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal total = BigDecimal.ZERO;
        int pos = 0;
        while (pos < rest.length()) {
            int start = pos;
            while (pos < rest.length() && (isDigit(rest.charAt(pos)) || rest.charAt(pos) == '.')) {
                pos++;
            }
            String number = rest.substring(start, pos);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                return Optional.empty();
            }
            int unitStart = pos;
            while (pos < rest.length() && !isDigit(rest.charAt(pos)) && rest.charAt(pos) != '.') {
                pos++;
            }
            Long nanos = UNIT_NANOS.get(rest.substring(unitStart, pos));
            if (nanos == null) {
                return Optional.empty();
            }
            String plain = number.startsWith(".") ? "0" + number : number.endsWith(".") ? number + "0" : number;
            total = total.add(new BigDecimal(plain).multiply(BigDecimal.valueOf(nanos)));
            if (total.toBigInteger().compareTo(MAX_NANOS) > 0) {
                return Optional.empty();
            }
        }
        long nanos = total.toBigInteger().longValueExact();
        return Optional.of(Duration.ofNanos(negative ? -nanos : nanos));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
