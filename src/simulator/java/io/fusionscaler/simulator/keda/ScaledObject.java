package io.fusionscaler.simulator.keda;

import io.fusionscaler.simulator.kubernetes.CpuUtilizationMetric;
import io.fusionscaler.simulator.kubernetes.ExternalAverageValueMetric;
import io.fusionscaler.simulator.kubernetes.HpaMetric;
import io.fusionscaler.simulator.workload.WorkloadView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A ScaledObject: its external triggers, an optional {@code cpu} trigger (Utilization target), optional
 * scalingModifiers, and KEDA's settings. It answers the two questions KEDA and its HPA ask.
 *
 * @param cpuTargetPercent the cpu trigger's {@code value}, when it has one
 */
public record ScaledObject(String name, List<ExternalTrigger> triggers, OptionalInt cpuTargetPercent,
        Optional<ScalingModifiers> modifiers, KedaSettings keda) {

    public ScaledObject {
        Objects.requireNonNull(name, "name");
        triggers = List.copyOf(triggers);
        if (triggers.isEmpty()) {
            throw new IllegalArgumentException(name + ": a ScaledObject that scales to zero needs a trigger besides cpu");
        }
    }

    /**
     * The activity KEDA's polling loop sees: any trigger active, cpu triggers left out (their Resource specs are
     * skipped, pkg/scaling/scale_handler.go {@code getScalerState}); with scalingModifiers, the composite against its
     * activationTarget instead.
     */
    public boolean isActive(WorkloadView view) {
        if (modifiers.isPresent()) {
            ScalingModifiers m = modifiers.get();
            return m.active(m.composite(values(view)));
        }
        return triggers.stream().anyMatch(t -> t.read(view).active());
    }

    /** The HPA's metrics: one per external trigger (or the composite), plus the cpu Resource metric. */
    public List<HpaMetric> hpaMetrics(WorkloadView view) {
        List<HpaMetric> metrics = new ArrayList<>();
        if (modifiers.isPresent()) {
            ScalingModifiers m = modifiers.get();
            metrics.add(new ExternalAverageValueMetric(() -> m.composite(values(view)), m.target()));
        } else {
            for (ExternalTrigger trigger : triggers) {
                metrics.add(new ExternalAverageValueMetric(() -> trigger.read(view).value(), trigger.target()));
            }
        }
        cpuTargetPercent.ifPresent(target -> metrics.add(new CpuUtilizationMetric(view::cpuUtilization, target)));
        return metrics;
    }

    private Map<String, Double> values(WorkloadView view) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (ExternalTrigger trigger : triggers) {
            values.put(trigger.name(), trigger.read(view).value());
        }
        return values;
    }
}
