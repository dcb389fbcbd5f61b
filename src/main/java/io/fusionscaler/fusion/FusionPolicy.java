package io.fusionscaler.fusion;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How the replica counts of the present signals become one. */
public enum FusionPolicy {
    /** The largest request wins: the HPA's rule across metrics, computed where all signals are seen together. */
    MAX,
    /** The smallest request wins: scale up only when every present signal wants it ("GPU busy AND queue long"). */
    MIN;

    public long combine(long[] desiredReplicas) {
        return switch (this) {
            case MAX -> Arrays.stream(desiredReplicas).max().orElse(0);
            case MIN -> Arrays.stream(desiredReplicas).min().orElse(0);
        };
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FusionPolicy> fromKey(String key) {
        return Arrays.stream(values()).filter(p -> p.key().equals(key)).findFirst();
    }
}
