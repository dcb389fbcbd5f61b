package io.fusionscaler.simulator.keda;

import io.fusionscaler.simulator.kubernetes.PodCounts;
import io.fusionscaler.simulator.kubernetes.Tolerance;
import io.fusionscaler.simulator.workload.WorkloadView;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** Activity and HPA metrics of a ScaledObject, with and without scalingModifiers. */
class ScaledObjectTest {

    private static final KedaSettings KEDA = new KedaSettings(30, 300, 0, 10, Optional.empty());
    private static final PodCounts TWO = new PodCounts(2, 2, 2);
    private static final Tolerance TOLERANCE = new Tolerance(0.1);

    private static ExternalTrigger fixed(String name, double value, boolean active, double target) {
        return new ExternalTrigger() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double target() {
                return target;
            }

            @Override
            public TriggerReading read(WorkloadView view) {
                return new TriggerReading(value, active);
            }
        };
    }

    private static final WorkloadView VIEW = new WorkloadView() {
        @Override
        public long produced() {
            return 0;
        }

        @Override
        public long consumed() {
            return 0;
        }

        @Override
        public int replicas() {
            return 2;
        }

        @Override
        public int readyReplicas() {
            return 2;
        }

        @Override
        public int partitions() {
            return 12;
        }

        @Override
        public OptionalDouble cpuUtilization() {
            return OptionalDouble.of(1.0);
        }
    };

    @Test
    void isActiveWhenAnyTriggerIsAndCpuNeverCounts() {
        ScaledObject idle = new ScaledObject("so", List.of(fixed("a", 0, false, 1)), OptionalInt.of(70), Optional.empty(), KEDA);
        ScaledObject busy = new ScaledObject("so", List.of(fixed("a", 0, false, 1), fixed("b", 5, true, 1)), OptionalInt.empty(),
                Optional.empty(), KEDA);
        assertThat(idle.isActive(VIEW)).as("cpu at 100 % does not activate").isFalse();
        assertThat(busy.isActive(VIEW)).isTrue();
    }

    @Test
    void hasOneMetricPerTriggerPlusCpu() {
        ScaledObject so = new ScaledObject("so", List.of(fixed("lag", 900, true, 300)), OptionalInt.of(70), Optional.empty(), KEDA);
        assertThat(so.hpaMetrics(VIEW)).extracting(m -> m.propose(TWO, TOLERANCE).orElseThrow())
                .containsExactly(3, 3);
    }

    @Test
    void modifiersReplaceExternalMetricsByTheCompositeAndKeepCpu() {
        ScalingModifiers sum = new ScalingModifiers("a + b", v -> v.get("a") + v.get("b"), 10, 0);
        ScaledObject so = new ScaledObject("so", List.of(fixed("a", 30, false, 1), fixed("b", 50, false, 1)), OptionalInt.of(70),
                Optional.of(sum), KEDA);
        assertThat(so.hpaMetrics(VIEW)).extracting(m -> m.propose(TWO, TOLERANCE).orElseThrow())
                .as("ceil((30 + 50) / 10), then cpu").containsExactly(8, 3);
    }

    @Test
    void modifiersDecideActivityByTheCompositeAgainstActivationTargetStrictly() {
        ScalingModifiers above5 = new ScalingModifiers("a", (Map<String, Double> v) -> v.get("a"), 1, 5);
        ScaledObject atFive = new ScaledObject("so", List.of(fixed("a", 5, true, 1)), OptionalInt.empty(), Optional.of(above5), KEDA);
        ScaledObject atSix = new ScaledObject("so", List.of(fixed("a", 6, false, 1)), OptionalInt.empty(), Optional.of(above5), KEDA);
        assertThat(atFive.isActive(VIEW)).as("the trigger's own activity no longer counts; 5 is not above 5").isFalse();
        assertThat(atSix.isActive(VIEW)).isTrue();
    }
}
