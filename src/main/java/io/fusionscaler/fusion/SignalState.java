package io.fusionscaler.fusion;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything known about one signal of one trigger: the last known outcome (a reading, or a sure absence)
 * and when that refresh succeeded, the last failure that came after it, if any, and how old the signal's
 * data may be before it no longer counts. Immutable; each refresh produces a new one.
 *
 * @param lastKnown   the last {@link SignalOutcome.Measured} or {@link SignalOutcome.Absent}, or null
 * @param lastSuccess when {@code lastKnown} was recorded, or null
 */
public record SignalState(String signal, Duration stalenessLimit, SignalOutcome lastKnown, Instant lastSuccess,
        String lastError, Instant lastErrorAt) {

    public SignalState {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(stalenessLimit, "stalenessLimit");
        if (lastKnown instanceof SignalOutcome.Failed) {
            throw new IllegalArgumentException("a failure is not known data");
        }
    }

    public static SignalState pending(String signal, Duration stalenessLimit) {
        return new SignalState(signal, stalenessLimit, null, null, null, null);
    }

    /** True until the first outcome, success or failure, has been recorded. */
    public boolean awaitingFirstOutcome() {
        return lastSuccess == null && lastErrorAt == null;
    }

    public SignalState record(SignalOutcome outcome, Instant at) {
        if (outcome instanceof SignalOutcome.Failed failed) {
            return new SignalState(signal, stalenessLimit, lastKnown, lastSuccess, failed.reason(), at);
        }
        return new SignalState(signal, stalenessLimit, outcome, at, null, null);
    }

    /**
     * When the known data was observed: a reading's own observation time, or the refresh that found the
     * signal absent. Null before the first success.
     */
    public Instant dataObservedAt() {
        if (lastKnown instanceof SignalOutcome.Measured measured) {
            return measured.reading().observedAt();
        }
        return lastSuccess;
    }

    /** The moment this state stops counting, or null when it never counted. */
    public Instant staleAt() {
        Instant observed = dataObservedAt();
        return observed == null ? null : observed.plus(stalenessLimit);
    }
}
