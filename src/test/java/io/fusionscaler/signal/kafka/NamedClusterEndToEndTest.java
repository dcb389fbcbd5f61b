package io.fusionscaler.signal.kafka;

import io.fusionscaler.demo.KafkaBroker;
import io.fusionscaler.keda.KedaLikeClient;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaTestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A trigger names a cluster with {@code kafkaCluster}; the scaler's own config carries its SASL or TLS
 * settings and reads the password from a file. Checked end to end against a broker with SCRAM-SHA-256 and
 * TLS listeners, through the gRPC port, and with no secret in the explain view.
 */
@QuarkusTest
@QuarkusTestResource(value = NamedClusterEndToEndTest.SecuredBroker.class, restrictToAnnotatedClass = true)
class NamedClusterEndToEndTest {

    static final String TOPIC = "secured-orders";
    static final String GROUP = "secured-workers";
    static final String PASSWORD = "sha256-Pa55word";

    /** A broker of this class's own with a SCRAM-SHA-256 user and a TLS listener, and the clusters that reach it. */
    public static class SecuredBroker implements QuarkusTestResourceLifecycleManager {
        private KafkaBroker broker;

        @Override
        public Map<String, String> start() {
            broker = KafkaBroker.start(KafkaBrokerResource.options().scramSha256User("scaler", PASSWORD).ssl(true));
            try (KafkaTestData data = KafkaTestData.forBroker(broker)) {
                data.createTopic(TOPIC, 2);
                data.produce(TOPIC, Map.of(0, 25, 1, 10));
                data.commitOffset(GROUP, TOPIC, 0, 5);
                data.commitOffset(GROUP, TOPIC, 1, 10);
            }
            try {
                Path password = Files.writeString(broker.workDir().resolve("sasl-password"), PASSWORD);
                return Map.of(
                        "fusion.kafka.clusters.sha256.bootstrap-servers", broker.saslBootstrapServers(),
                        "fusion.kafka.clusters.sha256.security-protocol", "SASL_PLAINTEXT",
                        "fusion.kafka.clusters.sha256.sasl-mechanism", "SCRAM-SHA-256",
                        "fusion.kafka.clusters.sha256.sasl-username", "scaler",
                        "fusion.kafka.clusters.sha256.sasl-password-file", password.toString(),
                        "fusion.kafka.clusters.tls.bootstrap-servers", broker.sslBootstrapServers(),
                        "fusion.kafka.clusters.tls.security-protocol", "SSL",
                        "fusion.kafka.clusters.tls.tls-ca-file", broker.caCertificatePem().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private ScaledObjectRef ref(KedaLikeClient keda, String cluster) {
        return keda.ref("secured", "via-" + cluster, Map.of("kafkaCluster", cluster, "consumerGroup", GROUP, "topic", TOPIC,
                "lagThreshold", "10"));
    }

    @Test
    void scramSha256AndTlsClustersFromTheScalerConfigServeTheSameLag() throws Exception {
        try (KedaLikeClient keda = KedaLikeClient.forTestServer()) {
            for (String cluster : new String[] {"sha256", "tls"}) {
                ScaledObjectRef ref = ref(keda, cluster);
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    KedaLikeClient.Poll poll = keda.poll(ref);
                    assertThat(poll.value()).as(cluster).isEqualTo(2.0);
                    assertThat(poll.active()).isTrue();
                });
            }
            given().get("/explain/secured/via-sha256").then().statusCode(200);
        }
    }

    @Test
    void neitherTheExplainViewNorTheMetricsShowTheSecret() throws Exception {
        try (KedaLikeClient keda = KedaLikeClient.forTestServer()) {
            ScaledObjectRef ref = ref(keda, "sha256");
            await().atMost(Duration.ofSeconds(20)).until(() -> keda.poll(ref).value() == 2.0);
        }
        String explain = given().get("/explain").then().statusCode(200).extract().asString();
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(explain).contains("sha256").doesNotContain(PASSWORD);
        assertThat(metrics).contains("fusion_kafka_refresh_duration_seconds_count{cluster=\"sha256\"").doesNotContain(PASSWORD);
    }
}
