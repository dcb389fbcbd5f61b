package io.fusionscaler.signal.kafka;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;

/** Stops startup on a bad Kafka configuration, listing every problem, rather than failing later per refresh. */
@ApplicationScoped
class KafkaConfigCheck {

    void onStart(@Observes StartupEvent event, KafkaConfig config) {
        List<String> problems = KafkaConfigProblems.of(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid Kafka configuration:\n - " + String.join("\n - ", problems));
        }
    }
}
