package io.fusionscaler.simulator.setup;

import io.fusionscaler.fusion.Decision;
import io.fusionscaler.fusion.FusedDecision;
import io.fusionscaler.fusion.Fusion;
import io.fusionscaler.fusion.FusionPolicy;
import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.fusion.SignalState;
import io.fusionscaler.signal.kafka.KafkaTrigger;
import io.fusionscaler.simulator.keda.ExternalTrigger;
import io.fusionscaler.simulator.keda.TriggerReading;
import io.fusionscaler.simulator.workload.WorkloadView;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An {@code external-push} trigger pointing at fusion-scaler: the scaler refreshes its Kafka signal in the background,
 * runs the real fusion core over it ({@link Fusion}, {@link SignalState}), pushes {@code true} over StreamIsActive on
 * every inactive-to-active transition (README "How it answers"), and answers GetMetrics (the fused replica count,
 * target 1) and IsActive from its last decision.
 */
final class FusionScalerTrigger implements ExternalTrigger {

    private static final Duration STALENESS_LIMIT = Duration.ofSeconds(10);

    private final String name;
    private final LagSignal signal;
    private final int refreshSeconds;
    private final Fusion fusion = new Fusion(FusionPolicy.MAX);
    private SignalState state = SignalState.pending(KafkaTrigger.SIGNAL, STALENESS_LIMIT);
    private long desired;
    private boolean active;

    FusionScalerTrigger(String name, LagSignal signal, int refreshSeconds) {
        this.name = name;
        this.signal = signal;
        this.refreshSeconds = refreshSeconds;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double target() {
        return 1;
    }

    @Override
    public boolean tick(WorkloadView view, long now) {
        if (now % refreshSeconds != 0) {
            return false;
        }
        Instant at = Instant.EPOCH.plusSeconds(now);
        state = state.record(new SignalOutcome.Measured(signal.read(view, at)), at);
        Decision decision = fusion.decide(List.of(state), at);
        if (!(decision instanceof FusedDecision fused)) {
            throw new IllegalStateException("a fresh reading cannot be unavailable: " + decision);
        }
        boolean wasActive = active;
        desired = fused.desiredReplicas();
        active = fused.active();
        return active && !wasActive;
    }

    @Override
    public TriggerReading read(WorkloadView view) {
        return new TriggerReading(desired, active);
    }
}
