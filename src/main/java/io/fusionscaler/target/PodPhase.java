package io.fusionscaler.target;

import java.util.Locale;

/** A pod's {@code status.phase}. */
public enum PodPhase {
    PENDING, RUNNING, SUCCEEDED, FAILED, UNKNOWN;

    /** The phase named by the API ({@code Running}); absent or unrecognised text is {@link #UNKNOWN}. */
    public static PodPhase of(String phase) {
        if (phase == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(phase.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
