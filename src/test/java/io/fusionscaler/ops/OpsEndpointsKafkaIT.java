package io.fusionscaler.ops;

import io.fusionscaler.keda.KedaLikeClient;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.nativeit.PackagedScaler;
import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaTestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Health, metrics and the explain endpoint of the packaged scaler (jar, or the native runner with {@code -Dnative}),
 * with a real Kafka trigger: lag 4 over two partitions, lagThreshold 2, so 2 replicas and active. The JVM-only
 * {@link OpsEndpointsTest} covers the same endpoints with a scripted signal.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(KafkaBrokerResource.class)
class OpsEndpointsKafkaIT {

    private KedaLikeClient keda;
    private KafkaTestData kafka;
    private String name;
    private String topic;
    private ScaledObjectRef ref;

    @BeforeEach
    void track() {
        keda = KedaLikeClient.forTestServer();
        kafka = new KafkaTestData(KafkaBrokerResource.bootstrapServers());
        name = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        topic = KafkaTestData.uniqueTopic("ops");
        String group = KafkaTestData.uniqueGroup("ops");
        kafka.createTopic(topic, 2);
        // The group coordinator may learn of a brand-new topic a moment after its creation returned.
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> kafka.commitOffsets(group, Map.of(
                new TopicPartition(topic, 0), 0L, new TopicPartition(topic, 1), 0L)));
        kafka.produce(topic, Map.of(0, 3, 1, 1));
        ref = keda.ref("ops", name, Map.of("bootstrapServers", KafkaBrokerResource.bootstrapServers(),
                "consumerGroup", group, "topic", topic, "lagThreshold", "2"));
        await().atMost(Duration.ofSeconds(15)).until(() -> keda.poll(ref).value() == 2.0);
    }

    @AfterEach
    void close() throws InterruptedException {
        kafka.close();
        keda.close();
    }

    @Test
    void livenessAndReadinessAreUpWithTheEngineAndGrpcChecks() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("fusion-engine"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("gRPC Server"));
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsExposeTheTrackersKafkaFiguresTheClusterRefreshAndGrpcServerMetrics() {
        String labels = "namespace=\"ops\",scaled_object=\"" + name + "\"";
        String kafkaLabels = labels + ",signal=\"kafka\",trigger=\"[0-9a-f]{8}\"";
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String scrape = PackagedScaler.scrape();
            assertThat(scrape).containsPattern("fusion_tracker_desired_replicas\\{" + labels + ",trigger=\"[0-9a-f]{8}\"} 2\\.0");
            assertThat(scrape).containsPattern("fusion_tracker_active\\{" + labels + ",trigger=\"[0-9a-f]{8}\"} 1\\.0");
            assertThat(scrape).containsPattern("fusion_tracker_signal_value\\{" + kafkaLabels + "} 4\\.0");
            assertThat(scrape).containsPattern("fusion_tracker_signal_desired_replicas\\{" + kafkaLabels + "} 2\\.0");
            assertThat(scrape).containsPattern("fusion_tracker_signal_staleness_seconds\\{" + kafkaLabels + "} ");
        });
        String scrape = PackagedScaler.scrape();
        assertThat(scrape).contains("fusion_kafka_refresh_duration_seconds_count{cluster=\"bootstrap:" + KafkaBrokerResource.bootstrapServers());
        assertThat(PackagedScaler.metric(scrape, "fusion_trackers")).isGreaterThanOrEqualTo(1.0);
        assertThat(scrape).contains("fusion_streams_open ").contains("fusion_refresh_lane_duration_seconds");
        assertThat(scrape).contains("grpc_server_processing_duration_seconds_count{method=\"GetMetrics\"");
    }

    @Test
    void explainShowsTheKafkaInputsTheLagAndTheDecision() {
        given().get("/explain/ops/" + name).then().statusCode(200)
                .body("[0].status", equalTo("OK"))
                .body("[0].desiredReplicas", equalTo(2))
                .body("[0].active", equalTo(true))
                .body("[0].metricName", equalTo("fusion-ops-" + name))
                .body("[0].policy", equalTo("max"))
                .body("[0].createdAt", notNullValue())
                .body("[0].signals[0].signal", equalTo("kafka"))
                .body("[0].signals[0].value", equalTo(4.0f))
                .body("[0].signals[0].desiredReplicas", equalTo(2))
                .body("[0].signals[0].fresh", equalTo(true))
                .body("[0].signals[0].input", containsString(topic))
                .body("[0].signals[0].details.lag", equalTo(4))
                .body("[0].signals[0].details.activationLag", equalTo(4))
                .body("[0].signals[0].details.partitions", equalTo(2));
        given().get("/explain").then().statusCode(200).body("name", hasItem(name));
    }

    @Test
    void explainShowsWhyATriggerIsUnavailable() {
        String missing = KafkaTestData.uniqueTopic("ops-missing");
        ScaledObjectRef broken = keda.ref("ops", name + "-missing", Map.of("bootstrapServers", KafkaBrokerResource.bootstrapServers(),
                "consumerGroup", KafkaTestData.uniqueGroup("ops"), "topic", missing));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            askAndIgnoreTheAnswer(broken);
            given().get("/explain/ops/" + name + "-missing").then().statusCode(200)
                    .body("[0].status", equalTo("UNAVAILABLE"))
                    .body("[0].message", containsString("kafka signal unavailable"))
                    .body("[0].signals[0].lastError", containsString(missing));
        });
    }

    /** A KEDA poll whose UNAVAILABLE is expected here: it keeps the tracker alive. */
    private void askAndIgnoreTheAnswer(ScaledObjectRef broken) {
        try {
            keda.hpaStub().isActive(broken);
        } catch (io.grpc.StatusRuntimeException expected) {
            // UNAVAILABLE until the explain view shows why
        }
    }

    @Test
    void explainForAnUntrackedScaledObjectIsNotFound() {
        given().get("/explain/ops/nobody").then().statusCode(404);
    }
}
