package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.target.PodPhase;
import io.fusionscaler.target.PodSelector;
import io.fusionscaler.target.PodsLookup;
import io.fusionscaler.target.Readiness;
import io.fusionscaler.target.ScaleTarget;
import io.fusionscaler.target.TargetDiscovery;
import io.fusionscaler.target.TargetLookup;
import io.fusionscaler.target.TargetPod;
import io.fusionscaler.target.TargetRef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TargetConsumerReplicasTest {

    private static final RefreshDeadline DEADLINE = RefreshDeadline.after(Duration.ofSeconds(1));

    private static TargetDiscovery answering(TargetLookup lookup) {
        return new TargetDiscovery() {
            @Override
            public TargetLookup target(String namespace, String scaledObject, RefreshDeadline deadline) {
                return lookup;
            }

            @Override
            public PodsLookup pods(String namespace, PodSelector selector, RefreshDeadline deadline) {
                throw new UnsupportedOperationException("the rate policy counts the target's pods only");
            }
        };
    }

    private static TargetPod pod(String name, PodPhase phase, boolean ready, boolean deleting) {
        return new TargetPod("orders", name, Map.of(), phase, deleting,
                Optional.of(new Readiness(ready ? Readiness.Status.TRUE : Readiness.Status.FALSE, Instant.EPOCH)),
                Optional.of(Instant.EPOCH), Optional.of("10.0.0.1"), List.of(), Map.of());
    }

    @Test
    void countsOnlyTheServingPodsOfTheTarget() {
        ScaleTarget target = new ScaleTarget("orders", new TargetRef("apps/v1", "Deployment", "consumer"), 4, 4, PodSelector.everything());
        List<TargetPod> pods = List.of(pod("a", PodPhase.RUNNING, true, false), pod("b", PodPhase.RUNNING, true, false),
                pod("starting", PodPhase.RUNNING, false, false), pod("leaving", PodPhase.RUNNING, true, true),
                pod("pending", PodPhase.PENDING, false, false));

        ConsumerReplicas.Count count = new TargetConsumerReplicas(answering(new TargetLookup.Found(target, pods)))
                .count("orders", "consumer-so", DEADLINE);

        assertThat(count).isEqualTo(new ConsumerReplicas.Count.Known(2, target.describe() + ", serving pods"));
    }

    @Test
    void unavailableTargetIsAnUnknownCountWithItsReason() {
        ConsumerReplicas.Count count = new TargetConsumerReplicas(answering(new TargetLookup.Unavailable("ScaledObject orders/x not found")))
                .count("orders", "x", DEADLINE);

        assertThat(count).isEqualTo(new ConsumerReplicas.Count.Unknown("ScaledObject orders/x not found"));
    }
}
