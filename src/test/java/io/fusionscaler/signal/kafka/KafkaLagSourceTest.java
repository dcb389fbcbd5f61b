package io.fusionscaler.signal.kafka;

import io.fusionscaler.fusion.SignalOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static io.fusionscaler.signal.kafka.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;

/** The source's behaviour when clusters cannot answer; {@link KafkaLagSourceBrokerIT} covers a live broker. */
class KafkaLagSourceTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestKafkaConfig config = TestKafkaConfig.defaults().withRequestTimeout(Duration.ofSeconds(1))
            .withClusters(Map.of("secured", TestKafkaConfig.TestCluster.plaintext("127.0.0.1:1")
                    .withProtocol(KafkaSecurityProtocol.SASL_PLAINTEXT)
                    .withSasl(SaslMechanism.PLAIN, "scaler", Path.of("/nonexistent/password"))));
    private final KafkaAdmins admins = new KafkaAdmins(config);
    private final KafkaLagSource source = new KafkaLagSource(config, admins, registry);

    @AfterEach
    void close() {
        source.close();
        admins.close();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String reason(SignalOutcome outcome) {
        assertThat(outcome).isInstanceOf(SignalOutcome.Failed.class);
        return ((SignalOutcome.Failed) outcome).reason();
    }

    @Test
    void unreachableClusterFailsItsTriggersWithinTheRequestTimeout() throws IOException {
        KafkaClusterRef dead = new KafkaClusterRef.Bootstrap("127.0.0.1:" + closedPort());
        KafkaTrigger first = trigger().cluster(dead).group("a").build();
        KafkaTrigger second = trigger().cluster(dead).group("b").topic("").build();

        Map<KafkaTrigger, SignalOutcome> outcomes = source.refresh(Set.of(first, second));

        assertThat(outcomes).containsOnlyKeys(first, second);
        assertThat(reason(outcomes.get(first)))
                .contains("consumer group 'a'").contains("cluster '" + dead.displayName() + "'").contains("no answer within 1000 ms");
        assertThat(reason(outcomes.get(second))).contains("consumer group 'b'");
        assertThat(registry.get(KafkaMetrics.REFRESH_ERRORS).tag("cluster", dead.metricTag()).counter().count()).isEqualTo(1);
        assertThat(registry.get(KafkaMetrics.REFRESH_DURATION).tag("cluster", dead.metricTag()).timer().count()).isEqualTo(1);
    }

    @Test
    void clusterThatCannotBeSetUpFailsOnlyItsOwnTriggers() throws IOException {
        KafkaClusterRef dead = new KafkaClusterRef.Bootstrap("127.0.0.1:" + closedPort());
        KafkaTrigger secured = trigger().cluster(new KafkaClusterRef.Named("secured")).build();
        KafkaTrigger plain = trigger().cluster(dead).build();

        Map<KafkaTrigger, SignalOutcome> outcomes = source.refresh(Set.of(secured, plain));

        assertThat(reason(outcomes.get(secured)))
                .isEqualTo("cluster 'secured': cannot read sasl-password-file /nonexistent/password (NoSuchFileException)");
        assertThat(reason(outcomes.get(plain))).contains(dead.displayName());
        assertThat(registry.get(KafkaMetrics.REFRESH_ERRORS).tag("cluster", "secured").counter().count()).isEqualTo(1);
    }

    @Test
    void unresolvableBrokersFailWithTheClientsReason() {
        KafkaTrigger trigger = trigger().cluster(new KafkaClusterRef.Bootstrap("no-such-host.invalid:9092")).build();
        assertThat(reason(source.refresh(Set.of(trigger)).get(trigger)))
                .startsWith("cannot create a Kafka client for cluster 'bootstrap no-such-host.invalid:9092'");
    }

    @Test
    void closedSourceAnswersWithFailuresRatherThanThrowing() {
        source.close();
        KafkaTrigger trigger = trigger().build();
        assertThat(reason(source.refresh(Set.of(trigger)).get(trigger))).isEqualTo("the Kafka source is shut down");
    }

    @Test
    void noTriggersNoWork() {
        assertThat(source.refresh(Set.of())).isEmpty();
        assertThat(registry.getMeters()).isEmpty();
    }
}
