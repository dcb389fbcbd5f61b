package io.fusionscaler.signal.kafka;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The packaged scaler through a broker outage (UNAVAILABLE, never a made-up 0, then recovery) and a
 * scaled-to-zero workload woken by a StreamIsActive push.
 */
@QuarkusIntegrationTest
class KafkaOutageAndWakeUpIT extends KafkaOutageAndWakeUpTest {
}
