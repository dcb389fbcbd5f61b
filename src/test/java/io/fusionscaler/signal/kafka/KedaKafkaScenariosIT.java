package io.fusionscaler.signal.kafka;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * KEDA's kafka e2e scenarios against the packaged scaler (the fast-jar in JVM mode, {@code target/*-runner} with
 * {@code -Dnative}): unary GetMetricSpec / GetMetrics / IsActive over a real Kafka trigger, lag read from the real
 * broker, and the explain endpoint's JSON. The launched app listens for gRPC on the test port through the
 * integration-test block of application.properties.
 */
@QuarkusIntegrationTest
class KedaKafkaScenariosIT extends KedaKafkaScenariosTest {
}
