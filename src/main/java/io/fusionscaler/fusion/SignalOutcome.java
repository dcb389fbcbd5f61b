package io.fusionscaler.fusion;

import java.util.Objects;

/** The result of one refresh of one signal for one trigger: a reading, or why there is none. */
public sealed interface SignalOutcome {

    record Measured(SignalReading reading) implements SignalOutcome {
        public Measured {
            Objects.requireNonNull(reading, "reading");
        }
    }

    /** The source could not produce a figure; {@code reason} is shown to users, so it must be actionable. */
    record Failed(String reason) implements SignalOutcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
