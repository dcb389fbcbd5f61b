package io.fusionscaler.simulator.keda;

import io.fusionscaler.signal.kafka.KafkaTrigger;
import io.fusionscaler.signal.kafka.LagResult;
import io.fusionscaler.simulator.kafka.TopicLag;
import io.fusionscaler.simulator.workload.WorkloadView;

/**
 * KEDA's own {@code kafka} trigger: it reads the offsets when asked ({@code GetMetricsAndActivity}, kedacore/keda
 * pkg/scalers/kafka_scaler.go), reports the total lag after the partition cap as its metric with target
 * {@code lagThreshold}, and is active when the uncapped lag is above {@code activationLagThreshold}. The HPA then asks
 * ceil(lag / lagThreshold), which KEDA's integer-division cap can let one replica past the partition count
 * (kedacore/keda#4483).
 */
public final class KafkaLagTrigger implements ExternalTrigger {

    private final String name;
    private final KafkaTrigger spec;

    public KafkaLagTrigger(String name, KafkaTrigger spec) {
        this.name = name;
        this.spec = spec;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double target() {
        return spec.lagThreshold();
    }

    @Override
    public TriggerReading read(WorkloadView view) {
        LagResult lag = TopicLag.of(spec, view);
        return new TriggerReading(lag.reportedLag(), lag.active());
    }
}
