package io.fusionscaler.fusion;

import java.util.List;

/**
 * At least one signal has no fresh reading. The scaler then answers with an error rather than a guess:
 * a 0 that is not true can scale a busy workload to zero.
 */
public record UnavailableDecision(String signal, String reason, List<SignalVerdict> signals) implements Decision {

    public UnavailableDecision {
        signals = List.copyOf(signals);
    }

    public String message() {
        return signal + " signal unavailable: " + reason;
    }
}
