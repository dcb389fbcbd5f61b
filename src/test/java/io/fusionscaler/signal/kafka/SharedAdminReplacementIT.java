package io.fusionscaler.signal.kafka;

import io.fusionscaler.testing.broker.KafkaBroker;
import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaTestData;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.fusionscaler.signal.kafka.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared Admin client of a real cluster, killed the way a hostile trigger killed it before the parser refused
 * such triggers (a group id over Kafka's 32,767-byte limit makes the client's network thread die while serializing):
 * once the poison is gone, the other triggers on that cluster get their true values back instead of failing forever
 * with "The AdminClient thread has exited".
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SharedAdminReplacementIT {

    private final List<Admin> created = new CopyOnWriteArrayList<>();
    private KafkaTestData data;
    private KafkaAdmins admins;
    private KafkaLagSource source;
    private KafkaClusterRef cluster;
    private KafkaTrigger first;
    private KafkaTrigger second;

    @BeforeEach
    void setUp() {
        KafkaBroker broker = KafkaBrokerResource.broker();
        data = KafkaTestData.forBroker(broker);
        cluster = new KafkaClusterRef.Bootstrap(broker.bootstrapServers());
        TestKafkaConfig config = TestKafkaConfig.defaults();
        admins = new KafkaAdmins(config, properties -> {
            Admin admin = Admin.create(properties);
            created.add(admin);
            return admin;
        }, System::nanoTime, false);
        source = new KafkaLagSource(config, admins, new IdleTriggerWatch(config), Clock.systemUTC(), FixedReplicas.unknown());

        String topic = KafkaTestData.uniqueTopic("shared-admin");
        data.createTopic(topic, 2);
        data.produce(topic, Map.of(0, 7, 1, 4));
        String group = KafkaTestData.uniqueGroup("shared-admin");
        data.commitOffset(group, topic, 0, 2);
        data.commitOffset(group, topic, 1, 1);
        first = trigger().cluster(cluster).group(group).topic(topic).lagThreshold(1).allowIdleConsumers().build();
        second = trigger().cluster(cluster).group(KafkaTestData.uniqueGroup("never-committed")).topic(topic).earliest()
                .allowIdleConsumers().build();
    }

    @AfterEach
    void tearDown() {
        admins.close();
        data.close();
    }

    private Map<KafkaTrigger, SignalOutcome> refresh(Set<KafkaTrigger> triggers) {
        return source.refresh(triggers, RefreshDeadline.after(Duration.ofSeconds(3)));
    }

    private static long lag(Map<KafkaTrigger, SignalOutcome> outcomes, KafkaTrigger trigger) {
        assertThat(outcomes.get(trigger)).as("outcome of %s", trigger.consumerGroup()).isInstanceOf(SignalOutcome.Measured.class);
        return (Long) ((SignalOutcome.Measured) outcomes.get(trigger)).reading().details().get("lag");
    }

    private static String reason(SignalOutcome outcome) {
        assertThat(outcome).isInstanceOf(SignalOutcome.Failed.class);
        return ((SignalOutcome.Failed) outcome).reason();
    }

    @Test
    void aClientKilledByOneTriggerIsReplacedAndTheOthersGetTheirTrueValuesBack() {
        Map<KafkaTrigger, SignalOutcome> healthy = refresh(Set.of(first, second));
        assertThat(lag(healthy, first)).isEqualTo(5 + 3);
        assertThat(lag(healthy, second)).as("earliest, never committed: the whole log").isEqualTo(7 + 4);

        KafkaTrigger poison = trigger().cluster(cluster).group("g".repeat(40_000)).topic(first.topic()).build();
        Map<KafkaTrigger, SignalOutcome> poisoned = refresh(Set.of(first, second, poison));
        assertThat(poisoned.values()).allMatch(SignalOutcome.Failed.class::isInstance);

        Map<KafkaTrigger, SignalOutcome> detected = refresh(Set.of(first, second));
        assertThat(reason(detected.get(first))).contains("The AdminClient thread has exited")
                .contains("replaced for the next refresh");

        Map<KafkaTrigger, SignalOutcome> recovered = refresh(Set.of(first, second));
        assertThat(lag(recovered, first)).isEqualTo(5 + 3);
        assertThat(lag(recovered, second)).isEqualTo(7 + 4);
        assertThat(created).hasSize(2);
    }

    @Test
    void answersFromTheClusterNeverCostTheClient() {
        KafkaTrigger missingTopic = trigger().cluster(cluster).group(first.consumerGroup())
                .topic(KafkaTestData.uniqueTopic("missing")).build();

        for (int i = 0; i < 3; i++) {
            Map<KafkaTrigger, SignalOutcome> outcomes = refresh(Set.of(first, missingTopic));
            assertThat(lag(outcomes, first)).isEqualTo(5 + 3);
            assertThat(reason(outcomes.get(missingTopic))).contains("does not exist");
        }
        assertThat(created).hasSize(1);
    }
}
