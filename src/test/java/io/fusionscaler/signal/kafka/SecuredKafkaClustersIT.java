package io.fusionscaler.signal.kafka;

import io.fusionscaler.keda.KedaLikeClient;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.nativeit.SecuredKafkaBrokerResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Named clusters with SASL (SCRAM-SHA-512, PLAIN) and TLS, configured in the packaged scaler itself (jar, or the
 * native runner with {@code -Dnative}, where the Kafka client's security code paths are the likeliest to miss
 * something), reached by KEDA triggers that name them.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = SecuredKafkaBrokerResource.class, restrictToAnnotatedClass = true)
class SecuredKafkaClustersIT {

    private KedaLikeClient keda;

    @BeforeEach
    void connect() {
        keda = KedaLikeClient.forTestServer();
    }

    @AfterEach
    void close() throws InterruptedException {
        keda.close();
    }

    private ScaledObjectRef on(String cluster) {
        return keda.ref("secured", "so-" + cluster, Map.of("kafkaCluster", cluster, "consumerGroup", SecuredKafkaBrokerResource.GROUP,
                "topic", SecuredKafkaBrokerResource.TOPIC, "lagThreshold", "1", "allowIdleConsumers", "true"));
    }

    @Test
    void everyNamedClusterReadsTheLagThroughItsOwnSecurity() {
        for (String cluster : new String[] {"scram", "plain", "tls"}) {
            ScaledObjectRef ref = on(cluster);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                KedaLikeClient.Poll poll = keda.poll(ref);
                assertThat(poll.value()).as(cluster).isEqualTo(5.0);
                assertThat(poll.active()).as(cluster).isTrue();
            });
        }
    }

    @Test
    void aWrongPasswordIsUnavailableForAuthenticationWithoutShowingAnyPassword() {
        ScaledObjectRef ref = on("wrong");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThatThrownBy(() -> keda.poll(ref)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).contains("kafka signal unavailable").containsIgnoringCase("authentication")
                            .doesNotContain(SecuredKafkaBrokerResource.WRONG_PASSWORD).doesNotContain(SecuredKafkaBrokerResource.SCRAM_PASSWORD);
                }));
    }
}
