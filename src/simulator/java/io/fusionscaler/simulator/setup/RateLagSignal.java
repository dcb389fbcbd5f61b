package io.fusionscaler.simulator.setup;

import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.signal.kafka.KafkaTrigger;
import io.fusionscaler.signal.kafka.LagRateDecision;
import io.fusionscaler.signal.kafka.LagRateModel;
import io.fusionscaler.signal.kafka.LagRateSettings;
import io.fusionscaler.signal.kafka.LagResult;
import io.fusionscaler.simulator.kafka.TopicLag;
import io.fusionscaler.simulator.workload.WorkloadView;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * fusion-scaler's {@code lagPolicy: rate}: the scaler's own {@link LagRateModel} fed with the topic's offsets, the lag
 * and cap from its LagCalculator, and the target's ready replicas. {@code lagReplicaRate} is set to the workload's
 * per-replica rate, as a user sets it from a load test (the formula of set-up 5 is given the same figure); the model
 * replaces it with the rate it observes. While it cannot answer yet it falls back to the threshold policy's count. The
 * call is the one the scaler's Kafka source makes ({@code LagRatePolicy}: threshold count as fallback, LagCalculator's
 * cap, the target's serving pods as the current count).
 */
final class RateLagSignal implements LagSignal {

    private final KafkaTrigger spec;
    private final LagRateModel model;

    RateLagSignal(KafkaTrigger spec, Duration drainTarget, double replicaRate) {
        this.spec = spec;
        this.model = new LagRateModel(new LagRateSettings(drainTarget, OptionalDouble.of(replicaRate),
                LagRateSettings.DEFAULT_SCALE_DOWN_STABILIZATION));
    }

    @Override
    public SignalReading read(WorkloadView view, Instant at) {
        LagResult lag = TopicLag.of(spec, view);
        LagRateDecision decision = model.observe(at, view.produced(), view.consumed(), lag.lag(),
                lag.replicaCap().orElse(Long.MAX_VALUE), OptionalInt.of(view.readyReplicas()), lag.desiredReplicas());
        return ThresholdLagSignal.reading(lag, decision.desiredReplicas(), at);
    }
}
