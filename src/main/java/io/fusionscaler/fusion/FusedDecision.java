package io.fusionscaler.fusion;

import java.util.List;

/**
 * Every signal is known: the fused replica count and activity.
 *
 * @param decidedBy the present signals whose request is the fused count (empty when every signal is absent)
 */
public record FusedDecision(long desiredReplicas, boolean active, FusionPolicy policy, List<String> decidedBy,
        List<SignalVerdict> signals) implements Decision {

    public FusedDecision {
        decidedBy = List.copyOf(decidedBy);
        signals = List.copyOf(signals);
    }
}
