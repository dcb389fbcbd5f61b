package io.fusionscaler.target;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 250m}, {@code 1.5}, {@code 1234567n}, {@code 300Mi}, {@code 1e3}), parsed with the
 * API server's grammar: a signed decimal number followed by a binary-SI suffix ({@code Ki … Ei}), a decimal-SI suffix
 * ({@code n u m "" k M G T P E}) or a decimal exponent ({@code e3}, {@code E-2}). Kept exact ({@link BigDecimal}).
 */
public final class Quantity {

    /** Longer text is refused before parsing, so messages and work stay bounded. */
    static final int MAX_LENGTH = 64;
    private static final int MAX_EXPONENT = 99;
    private static final Pattern GRAMMAR = Pattern.compile("([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(.*)");
    private static final Pattern EXPONENT = Pattern.compile("[eE]([+-]?[0-9]{1,3})");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("n", BigDecimal.ONE.scaleByPowerOfTen(-9)),
            Map.entry("u", BigDecimal.ONE.scaleByPowerOfTen(-6)),
            Map.entry("m", BigDecimal.ONE.scaleByPowerOfTen(-3)),
            Map.entry("k", BigDecimal.ONE.scaleByPowerOfTen(3)),
            Map.entry("M", BigDecimal.ONE.scaleByPowerOfTen(6)),
            Map.entry("G", BigDecimal.ONE.scaleByPowerOfTen(9)),
            Map.entry("T", BigDecimal.ONE.scaleByPowerOfTen(12)),
            Map.entry("P", BigDecimal.ONE.scaleByPowerOfTen(15)),
            Map.entry("E", BigDecimal.ONE.scaleByPowerOfTen(18)),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
            Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
            Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
            Map.entry("Ei", BigDecimal.valueOf(1L << 60)));
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal MAX_MILLI = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal MIN_MILLI = BigDecimal.valueOf(Long.MIN_VALUE);

    private final String text;
    private final BigDecimal value;

    private Quantity(String text, BigDecimal value) {
        this.text = text;
        this.value = value;
    }

    /** Parses {@code text}; the message of the exception says what is wrong, quoting at most {@link #MAX_LENGTH} characters. */
    public static Quantity parse(String text) throws QuantitySyntaxException {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new QuantitySyntaxException("a quantity cannot be empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new QuantitySyntaxException("'" + text.substring(0, MAX_LENGTH) + "…' is longer than " + MAX_LENGTH + " characters");
        }
        Matcher matcher = GRAMMAR.matcher(text);
        if (!matcher.matches()) {
            throw new QuantitySyntaxException("'" + text + "' does not start with a number");
        }
        BigDecimal number = new BigDecimal(matcher.group(1).endsWith(".") ? matcher.group(1) + "0" : matcher.group(1));
        String suffix = matcher.group(2);
        BigDecimal multiplier = SUFFIXES.get(suffix);
        if (multiplier != null) {
            return new Quantity(text, number.multiply(multiplier));
        }
        Matcher exponent = EXPONENT.matcher(suffix);
        if (exponent.matches()) {
            int power = Integer.parseInt(exponent.group(1));
            if (Math.abs(power) > MAX_EXPONENT) {
                throw new QuantitySyntaxException("exponent of '" + text + "' is out of range (at most " + MAX_EXPONENT + ")");
            }
            return new Quantity(text, number.scaleByPowerOfTen(power));
        }
        throw new QuantitySyntaxException("unknown suffix '" + suffix + "' in '" + text
                + "' (use n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent like e3)");
    }

    /** The exact value in base units (cores, bytes). */
    public BigDecimal value() {
        return value;
    }

    /**
     * The value in thousandths, rounded up as Kubernetes' {@code MilliValue()} does: {@code 1234567n} → 2.
     *
     * @throws ArithmeticException when it does not fit a long
     */
    public long milliValue() {
        BigDecimal milli = value.multiply(THOUSAND).setScale(0, RoundingMode.CEILING);
        if (milli.compareTo(MAX_MILLI) > 0 || milli.compareTo(MIN_MILLI) < 0) {
            throw new ArithmeticException("quantity " + text + " is too large");
        }
        return milli.longValueExact();
    }

    public boolean isPositive() {
        return value.signum() > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantity other && value.compareTo(other.value) == 0;
    }

    @Override
    public int hashCode() {
        return value.stripTrailingZeros().hashCode();
    }

    /** The text it was parsed from. */
    @Override
    public String toString() {
        return text;
    }
}
