package io.fusionscaler.signal.kafka;

import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.signal.RefreshDeadline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static io.fusionscaler.signal.kafka.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;

/** The source's behaviour when a cluster cannot answer; {@link KafkaLagSourceBrokerIT} covers a live broker. */
class KafkaLagSourceTest {

    /** Nothing listens on port 1 of the loopback address, and no process can take it. */
    private static final KafkaClusterRef DEAD = new KafkaClusterRef.Bootstrap("127.0.0.1:1");

    private final TestKafkaConfig config = TestKafkaConfig.defaults().withRequestTimeout(Duration.ofSeconds(1))
            .withClusters(Map.of("secured", TestKafkaConfig.TestCluster.plaintext("127.0.0.1:1")
                    .withProtocol(KafkaSecurityProtocol.SASL_PLAINTEXT)
                    .withSasl(SaslMechanism.PLAIN, "scaler", Path.of("/nonexistent/password"))));
    private final KafkaAdmins admins = new KafkaAdmins(config);
    private final KafkaLagSource source = new KafkaLagSource(config, admins, new IdleTriggerWatch(config), Clock.systemUTC(), FixedReplicas.unknown());

    @AfterEach
    void close() {
        admins.close();
    }

    private static String reason(SignalOutcome outcome) {
        assertThat(outcome).isInstanceOf(SignalOutcome.Failed.class);
        return ((SignalOutcome.Failed) outcome).reason();
    }

    private Map<KafkaTrigger, SignalOutcome> refresh(KafkaTrigger... triggers) {
        return source.refresh(Set.of(triggers), RefreshDeadline.after(config.requestTimeout()));
    }

    @Test
    void unreachableClusterFailsItsTriggersNamingTheBudgetTheyWereGiven() {
        KafkaTrigger first = trigger().cluster(DEAD).group("a").build();
        KafkaTrigger second = trigger().cluster(DEAD).group("b").topic("").build();

        Map<KafkaTrigger, SignalOutcome> outcomes = refresh(first, second);

        assertThat(outcomes).containsOnlyKeys(first, second);
        assertThat(reason(outcomes.get(first)))
                .contains("consumer group 'a'").contains("cluster '" + DEAD.displayName() + "'").contains("no answer within 1000 ms");
        assertThat(reason(outcomes.get(second))).contains("consumer group 'b'");
    }

    @Test
    void clusterThatCannotBeSetUpSaysWhy() {
        KafkaTrigger secured = trigger().cluster(new KafkaClusterRef.Named("secured")).build();

        assertThat(reason(refresh(secured).get(secured)))
                .isEqualTo("cluster 'secured': cannot read sasl-password-file /nonexistent/password (NoSuchFileException)");
    }

    @Test
    void unresolvableBrokersFailWithTheClientsReason() {
        KafkaTrigger trigger = trigger().cluster(new KafkaClusterRef.Bootstrap("no-such-host.invalid:9092")).build();
        assertThat(reason(refresh(trigger).get(trigger)))
                .startsWith("cannot create a Kafka client for cluster 'bootstrap no-such-host.invalid:9092'");
    }

    @Test
    void afterShutdownRefreshesAnswerWithFailuresRatherThanThrowing() {
        admins.close();
        KafkaTrigger trigger = trigger().build();
        assertThat(reason(refresh(trigger).get(trigger))).isEqualTo("Kafka clients are shut down");
    }

    @Test
    void eachClusterIsItsOwnLaneLabelledWithoutSecrets() {
        assertThat(trigger().cluster(DEAD).build().refreshLane()).isEqualTo(DEAD);
        assertThat(trigger().cluster(DEAD).build().laneLabel()).isEqualTo("bootstrap:127.0.0.1:1");
        assertThat(trigger().cluster(new KafkaClusterRef.Named("secured")).build().laneLabel()).isEqualTo("secured");
    }

    @Test
    void paceComesFromTheKafkaSettings() {
        assertThat(source.pace().refreshInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(source.pace().refreshBudget()).isEqualTo(Duration.ofSeconds(1));
        assertThat(source.pace().stalenessLimit()).isEqualTo(Duration.ofSeconds(10));
        assertThat(source.pace().budgetKey()).isEqualTo("fusion.kafka.request-timeout");
    }
}
