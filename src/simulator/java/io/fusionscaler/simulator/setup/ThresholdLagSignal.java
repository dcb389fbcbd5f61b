package io.fusionscaler.simulator.setup;

import io.fusionscaler.fusion.Coverage;
import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.signal.kafka.KafkaTrigger;
import io.fusionscaler.signal.kafka.LagResult;
import io.fusionscaler.simulator.kafka.TopicLag;
import io.fusionscaler.simulator.workload.WorkloadView;

import java.time.Instant;
import java.util.Map;

/**
 * fusion-scaler's default lag policy: KEDA's arithmetic through the scaler's own LagCalculator, desired replicas
 * ceil(lag / lagThreshold) held to the partition count, as the Kafka signal reads it.
 */
final class ThresholdLagSignal implements LagSignal {

    private final KafkaTrigger spec;

    ThresholdLagSignal(KafkaTrigger spec) {
        this.spec = spec;
    }

    @Override
    public SignalReading read(WorkloadView view, Instant at) {
        LagResult lag = TopicLag.of(spec, view);
        return reading(lag, lag.desiredReplicas(), at);
    }

    static SignalReading reading(LagResult lag, long desiredReplicas, Instant at) {
        return new SignalReading(KafkaTrigger.SIGNAL, lag.reportedLag(), desiredReplicas, lag.active(), at,
                Coverage.whole(lag.partitions(), "partitions"), Map.of("lag", lag.lag()));
    }
}
