package io.fusionscaler.fusion;

import java.time.Instant;

/**
 * Everything known about one signal of one trigger: the last good reading and when it was taken,
 * and the last failure, if any, that came after it. Immutable; each refresh produces a new one.
 */
public record SignalState(String signal, SignalReading lastReading, Instant lastSuccess, String lastError, Instant lastErrorAt) {

    public static SignalState pending(String signal) {
        return new SignalState(signal, null, null, null, null);
    }

    /** True until the first outcome, success or failure, has been recorded. */
    public boolean awaitingFirstOutcome() {
        return lastSuccess == null && lastErrorAt == null;
    }

    public SignalState record(SignalOutcome outcome, Instant at) {
        if (outcome instanceof SignalOutcome.Measured measured) {
            return new SignalState(signal, measured.reading(), at, null, null);
        }
        return new SignalState(signal, lastReading, lastSuccess, ((SignalOutcome.Failed) outcome).reason(), at);
    }
}
