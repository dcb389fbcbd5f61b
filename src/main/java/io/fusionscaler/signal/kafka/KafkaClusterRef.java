package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.Excerpt;

/** Which Kafka cluster a trigger reads: one named in the scaler config, or a bare bootstrap list. */
public sealed interface KafkaClusterRef {

    /** How errors name the cluster, e.g. {@code cluster 'orders'}; short, and never carries a secret. */
    String displayName();

    /** The {@code cluster} tag of this source's metrics: low cardinality, no secret. */
    String metricTag();

    /** A cluster defined under {@code fusion.kafka.clusters.<name>}. */
    record Named(String name) implements KafkaClusterRef {

        @Override
        public String displayName() {
            return name;
        }

        @Override
        public String metricTag() {
            return name;
        }
    }

    /** KEDA's {@code bootstrapServers}: plaintext, no authentication. Held normalized so equal lists share one Admin. */
    record Bootstrap(String servers) implements KafkaClusterRef {

        public Bootstrap {
            servers = BootstrapServers.normalize(servers);
        }

        @Override
        public String displayName() {
            return "bootstrap " + Excerpt.of(servers);
        }

        @Override
        public String metricTag() {
            return "bootstrap:" + servers.split(",", -1)[0];
        }
    }
}
