package io.fusionscaler.fusion;

import java.util.List;

/** Every signal is known: the fused replica count and activity. */
public record FusedDecision(long desiredReplicas, boolean active, FusionPolicy policy, List<SignalVerdict> signals)
        implements Decision {

    public FusedDecision {
        signals = List.copyOf(signals);
    }
}
