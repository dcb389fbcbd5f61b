package io.fusionscaler.trigger;

import io.fusionscaler.signal.SignalSpec;
import io.fusionscaler.fusion.FusionPolicy;

import java.util.List;

/** A trigger's validated metadata: the signals it turns on, in a stable order, and how to fuse them. */
public record TriggerSpec(List<SignalSpec> signals, FusionPolicy policy) {

    public TriggerSpec {
        if (signals.isEmpty()) {
            throw new IllegalArgumentException("a trigger has at least one signal");
        }
        signals = List.copyOf(signals);
    }
}
