package io.fusionscaler.target;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A pod's {@code Ready} condition: its status and when it last changed.
 *
 * @param lastTransition {@code lastTransitionTime}; {@link #NEVER} when the API did not say, which is what the HPA
 *                       then compares with (Go's zero time)
 */
public record Readiness(Status status, Instant lastTransition) {

    /** Go's zero time, 0001-01-01T00:00:00Z: the HPA's value for a time the API left out. */
    public static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

    public enum Status {
        TRUE, FALSE, UNKNOWN;

        public static Status of(String status) {
            if (status == null) {
                return UNKNOWN;
            }
            return switch (status.toLowerCase(Locale.ROOT)) {
                case "true" -> TRUE;
                case "false" -> FALSE;
                default -> UNKNOWN;
            };
        }
    }

    public Readiness {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lastTransition, "lastTransition");
    }

    public boolean ready() {
        return status == Status.TRUE;
    }
}
