package io.fusionscaler.signal.kafka;

import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaTestData;
import io.fusionscaler.testing.KedaLikeClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The packaged scaler against a real broker: hostile triggers on a cluster (a group id over Kafka's limit, which
 * used to kill the cluster's shared client; brokers Kafka cannot parse) are refused by name, and the well-behaved
 * triggers on the same cluster keep answering with their true, fresh values.
 */
@QuarkusIntegrationTest
@WithTestResource(KafkaBrokerResource.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostileTriggerIT {

    private KedaLikeClient keda;
    private KafkaTestData kafka;
    private String topic;

    @BeforeEach
    void setUp() {
        keda = KedaLikeClient.forTestServer().connected();
        kafka = new KafkaTestData(KafkaBrokerResource.bootstrapServers());
        topic = KafkaTestData.uniqueTopic("hostile");
        kafka.createTopic(topic, 2);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        kafka.close();
        keda.close();
    }

    private ScaledObjectRef ref(String name, String... keyValues) {
        Map<String, String> metadata = new HashMap<>(Map.of("bootstrapServers", KafkaBrokerResource.bootstrapServers(),
                "topic", topic, "lagThreshold", "1", "allowIdleConsumers", "true"));
        for (int i = 0; i < keyValues.length; i += 2) {
            metadata.put(keyValues[i], keyValues[i + 1]);
        }
        return keda.ref("hostile-it", name, metadata);
    }

    /** Polls until the answer is the lag (an UNAVAILABLE or a deadline on this busy machine only means "not yet"). */
    private void expectLag(ScaledObjectRef ref, long lag) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(StatusRuntimeException.class)
                .untilAsserted(() -> assertThat(keda.poll(ref).value()).isEqualTo((double) lag));
    }

    private void expectRefused(ScaledObjectRef ref, String key) {
        assertThatThrownBy(() -> keda.poll(ref)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains("metadata key '" + key + "'").hasSizeLessThan(1_000);
        });
    }

    @Test
    void hostileTriggersAreRefusedAndTheOthersOnTheSameClusterKeepTheirTrueValues() {
        String committed = KafkaTestData.uniqueGroup("hostile-committed");
        kafka.produce(topic, Map.of(0, 5, 1, 3));
        kafka.commitOffset(committed, topic, 0, 1);
        kafka.commitOffset(committed, topic, 1, 1);
        ScaledObjectRef first = ref("first", "consumerGroup", committed);
        ScaledObjectRef second = ref("second", "consumerGroup", KafkaTestData.uniqueGroup("hostile-new"),
                "offsetResetPolicy", "earliest");
        expectLag(first, 4 + 2);
        expectLag(second, 5 + 3);

        expectRefused(ref("too-long-group", "consumerGroup", "g".repeat(40_000)), "consumerGroup");
        expectRefused(ref("unparsable-brokers", "consumerGroup", committed, "bootstrapServers", "a b:9092"), "bootstrapServers");

        kafka.produce(topic, Map.of(0, 2));
        expectLag(first, 4 + 2 + 2);
        expectLag(second, 5 + 3 + 2);
    }
}
