package io.fusionscaler.fusion;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How the per-signal replica counts become one. */
public enum FusionPolicy {
    /** The largest request wins: what the HPA does across metrics, computed where all signals are seen together. */
    MAX;

    public long combine(long[] desiredReplicas) {
        return Arrays.stream(desiredReplicas).max().orElse(0);
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FusionPolicy> fromKey(String key) {
        return Arrays.stream(values()).filter(p -> p.key().equals(key)).findFirst();
    }
}
