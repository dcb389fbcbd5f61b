package io.fusionscaler.signal.kafka;

import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.SecuredKafkaBrokerResource;
import io.fusionscaler.testing.SecuredKafkaCluster;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Named clusters with SASL (SCRAM-SHA-512, SCRAM-SHA-256, PLAIN) and TLS, configured in the packaged scaler itself (jar,
 * or the native runner with {@code -Dnative}, where the Kafka client's security code paths are the likeliest to miss
 * something), reached by KEDA triggers that name them; the password is read from a file and shows nowhere.
 */
@QuarkusIntegrationTest
@WithTestResource(SecuredKafkaBrokerResource.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SecuredKafkaClustersIT {

    private KedaLikeClient keda;

    @BeforeEach
    void connect() {
        keda = KedaLikeClient.forTestServer().connected();
    }

    @AfterEach
    void close() throws InterruptedException {
        keda.close();
    }

    private ScaledObjectRef on(String cluster) {
        return keda.ref("secured", "so-" + cluster, Map.of("kafkaCluster", cluster, "consumerGroup", SecuredKafkaCluster.GROUP,
                "topic", SecuredKafkaCluster.TOPIC, "lagThreshold", "1", "allowIdleConsumers", "true"));
    }

    @Test
    void everyNamedClusterReadsTheLagThroughItsOwnSecurity() {
        for (String cluster : SecuredKafkaCluster.WORKING_CLUSTERS) {
            ScaledObjectRef ref = on(cluster);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                KedaLikeClient.Poll poll = keda.poll(ref);
                assertThat(poll.value()).as(cluster).isEqualTo((double) SecuredKafkaCluster.LAG);
                assertThat(poll.active()).as(cluster).isTrue();
            });
        }
    }

    @Test
    void aWrongPasswordIsUnavailableForAuthenticationWithoutShowingAnyPassword() {
        ScaledObjectRef ref = on(SecuredKafkaCluster.WRONG_PASSWORD_CLUSTER);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThatThrownBy(() -> keda.poll(ref)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).contains("kafka signal unavailable").containsIgnoringCase("authentication");
                    SecuredKafkaCluster.passwords().forEach(password -> assertThat(e.getStatus().getDescription()).doesNotContain(password));
                }));
    }

    @Test
    void neitherTheExplainViewNorTheMetricsShowAnyPassword() {
        ScaledObjectRef ref = on("scram");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> keda.poll(ref).value() == SecuredKafkaCluster.LAG);

        String explain = given().get("/explain").then().statusCode(200).extract().asString();
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(explain).contains("scram");
        assertThat(metrics).contains("fusion_source_refresh_duration_seconds_count{lane=\"scram\",signal=\"kafka\"}");
        SecuredKafkaCluster.passwords().forEach(password -> {
            assertThat(explain).doesNotContain(password);
            assertThat(metrics).doesNotContain(password);
        });
    }
}
