package io.fusionscaler.simulator.kubernetes;

import java.util.OptionalInt;
import java.util.function.DoubleSupplier;

/**
 * An {@code External} metric with an {@code AverageValue} target, the kind KEDA builds for every external trigger and
 * for a scalingModifiers composite. {@code GetExternalPerPodMetricReplicas} (replica_calculator.go): the usage ratio is
 * value / (target x status.replicas); within the tolerance the count stays status.replicas, otherwise it becomes
 * ceil(value / target). The value is read when the HPA syncs: KEDA asks its scalers for it at that moment
 * (pkg/scaling/scale_handler.go {@code GetScaledObjectMetrics}).
 */
public final class ExternalAverageValueMetric implements HpaMetric {

    private final DoubleSupplier value;
    private final double targetPerPod;

    public ExternalAverageValueMetric(DoubleSupplier value, double targetPerPod) {
        if (!(targetPerPod > 0)) {
            throw new IllegalArgumentException("an AverageValue target must be > 0, got " + targetPerPod);
        }
        this.value = value;
        this.targetPerPod = targetPerPod;
    }

    @Override
    public OptionalInt propose(PodCounts pods, Tolerance tolerance) {
        // KEDA reports negative and NaN values as 0 (kedacore/keda#7880).
        double usage = Math.max(0, value.getAsDouble());
        int replicas = pods.statusReplicas();
        if (replicas > 0 && tolerance.isWithin(usage / (targetPerPod * replicas))) {
            return OptionalInt.of(replicas);
        }
        return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, Math.ceil(usage / targetPerPod)));
    }
}
