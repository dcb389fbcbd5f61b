package io.fusionscaler.fusion;

import java.util.Objects;

/** The result of one refresh of one signal for one trigger. */
public sealed interface SignalOutcome {

    /** A figure was measured. */
    record Measured(SignalReading reading) implements SignalOutcome {
        public Measured {
            Objects.requireNonNull(reading, "reading");
        }
    }

    /**
     * Nothing to measure, and the source knows it for sure (the target has 0 replicas, read from its
     * {@code /scale}). The signal then takes no part in the decision: neither an error, which would make
     * KEDA apply its fallback replicas and wake an idle workload, nor a made-up 0.
     */
    record Absent(String reason) implements SignalOutcome {
        public Absent {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The source could not produce a figure; {@code reason} is shown to users, so it must be actionable. */
    record Failed(String reason) implements SignalOutcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
