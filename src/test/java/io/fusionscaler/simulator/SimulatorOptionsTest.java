package io.fusionscaler.simulator;

import io.fusionscaler.simulator.kubernetes.HpaBehavior;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorOptionsTest {

    @Test
    void defaultsToEveryShippedTraceAndStatedSettings() {
        SimulatorOptions options = SimulatorOptions.from(Map.of("user.home", "/root"));
        assertThat(options.traces()).containsExactly("bursty", "spike", "slow-leak", "daily-ramp");
        assertThat(options.workload().partitions()).isEqualTo(12);
        assertThat(options.workload().replicaRate()).isEqualTo(30);
        assertThat(options.workload().podStartSeconds()).isEqualTo(20);
        assertThat(options.policies().keda().maxReplicaCount()).isEqualTo(12);
        assertThat(options.policies().lagThreshold()).isEqualTo(300);
        assertThat(options.tailSeconds()).isEqualTo(900);
        assertThat(Simulator.settings(options)).contains("12 partitions", "lagThreshold 300", "\"lag + rate * 60\"");
    }

    @Test
    void maxReplicasFollowsThePartitionsUnlessSet() {
        assertThat(SimulatorOptions.from(Map.of("simulate.partitions", "24")).policies().keda().maxReplicaCount()).isEqualTo(24);
        assertThat(SimulatorOptions.from(Map.of("simulate.maxReplicas", "5")).policies().keda().maxReplicaCount()).isEqualTo(5);
    }

    @Test
    void leavesTheHpaWithoutBehaviorAsKedaDoesUnlessAskedForTheDocumentedDefault() {
        assertThat(SimulatorOptions.from(Map.of()).policies().keda().hpaBehavior()).isEmpty();
        assertThat(SimulatorOptions.from(Map.of("simulate.hpaBehavior", "default")).policies().keda().hpaBehavior())
                .contains(HpaBehavior.DEFAULT);
        assertThatThrownBy(() -> SimulatorOptions.from(Map.of("simulate.hpaBehavior", "fast")))
                .hasMessage("simulate.hpaBehavior: 'fast' is neither unset nor default");
    }

    @Test
    void readsAListOfTraces() {
        assertThat(SimulatorOptions.from(Map.of("simulate.trace", "spike, my.csv")).traces()).containsExactly("spike", "my.csv");
    }

    @Test
    void badOptionsNameTheKey() {
        assertThatThrownBy(() -> SimulatorOptions.from(Map.of("simulate.partitons", "3")))
                .hasMessageStartingWith("unknown option(s) [simulate.partitons]");
        assertThatThrownBy(() -> SimulatorOptions.from(Map.of("simulate.podStart", "soon")))
                .hasMessage("simulate.podStart: 'soon' is not a number");
        assertThatThrownBy(() -> SimulatorOptions.from(Map.of("simulate.partitions", "0")))
                .hasMessageStartingWith("simulate.{partitions/replicaRate/podStart}: partitions must be >= 1");
        assertThatThrownBy(() -> SimulatorOptions.from(Map.of("simulate.tail", "-1")))
                .hasMessage("simulate.tail must be >= 0 seconds, got -1");
    }
}
