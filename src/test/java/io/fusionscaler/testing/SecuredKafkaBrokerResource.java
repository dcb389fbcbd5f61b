package io.fusionscaler.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * A {@link SecuredKafkaCluster} for the scaler under test: its named-cluster settings reach the application of a
 * {@code @QuarkusTest}, or the packaged build a {@code @QuarkusIntegrationTest} launches (as system properties). It
 * starts a broker: use it with {@code @WithTestResource}, which keeps it to the annotated class.
 */
public class SecuredKafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    private SecuredKafkaCluster cluster;

    @Override
    public Map<String, String> start() {
        cluster = SecuredKafkaCluster.start();
        return cluster.scalerConfig();
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
