package io.fusionscaler.signal.kafka;

import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.signal.RefreshDeadline;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Refreshes triggers as the engine does: one call per cluster (the Kafka source's lane), each with the request timeout as budget. */
final class KafkaLanes {

    private KafkaLanes() {
    }

    static Map<KafkaTrigger, SignalOutcome> refresh(KafkaLagSource source, KafkaConfig config, Collection<KafkaTrigger> triggers) {
        Map<KafkaClusterRef, Set<KafkaTrigger>> byCluster = triggers.stream()
                .collect(Collectors.groupingBy(KafkaTrigger::cluster, LinkedHashMap::new, Collectors.toSet()));
        Map<KafkaTrigger, SignalOutcome> outcomes = new HashMap<>();
        byCluster.values().forEach(lane -> outcomes.putAll(source.refresh(lane, RefreshDeadline.after(config.requestTimeout()))));
        return outcomes;
    }
}
