package io.fusionscaler.fusion;

import java.util.Objects;

/**
 * How much of its target a reading covers, e.g. 17 of 20 pods answered. A partial reading is still a true
 * reading of what answered; the parts that did not answer are never counted as zero.
 *
 * @param unit what is counted, plural: {@code pods}, {@code partitions}, {@code gpu-agents}
 */
public record Coverage(int covered, int total, String unit) {

    public Coverage {
        Objects.requireNonNull(unit, "unit");
        if (covered < 0 || total < 0 || covered > total) {
            throw new IllegalArgumentException("coverage must be 0 <= covered <= total, got " + covered + " of " + total);
        }
    }

    public static Coverage whole(int total, String unit) {
        return new Coverage(total, total, unit);
    }

    public boolean partial() {
        return covered < total;
    }

    /** Covered share in [0, 1]; 1 when there is nothing to cover. */
    public double ratio() {
        return total == 0 ? 1.0 : (double) covered / total;
    }

    @Override
    public String toString() {
        return covered + " of " + total + " " + unit;
    }
}
