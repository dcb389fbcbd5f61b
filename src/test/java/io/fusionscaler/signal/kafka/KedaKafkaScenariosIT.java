package io.fusionscaler.signal.kafka;

import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaTestData;
import io.fusionscaler.testing.KedaLikeClient;
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

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The end-to-end scenarios of KEDA's own kafka scaler tests (tests/scalers/kafka), replayed against the packaged
 * scaler (the fast-jar, or the native runner with {@code -Dnative}) and a real broker, through the gRPC port with a
 * KEDA-like client and the explain endpoint. KEDA's e2e uses lagThreshold 1 and
 * activationLagThreshold 1 unless stated; "stays at 0" means inactive (KEDA keeps a scaled-to-zero target
 * at zero), "N replicas" means GetMetrics answers N and IsActive true.
 */
@QuarkusIntegrationTest
@WithTestResource(KafkaBrokerResource.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KedaKafkaScenariosIT {

    private KedaLikeClient keda;
    private KafkaTestData kafka;
    private String topic;
    private String group;

    @BeforeEach
    void setUp() {
        keda = KedaLikeClient.forTestServer().connected();
        kafka = new KafkaTestData(KafkaBrokerResource.bootstrapServers());
        topic = KafkaTestData.uniqueTopic("scenario");
        group = KafkaTestData.uniqueGroup("scenario");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        kafka.close();
        keda.close();
    }

    private ScaledObjectRef ref(String name, Map<String, String> overrides) {
        Map<String, String> metadata = new HashMap<>(Map.of(
                "bootstrapServers", KafkaBrokerResource.bootstrapServers(), "consumerGroup", group, "topic", topic,
                "lagThreshold", "1", "activationLagThreshold", "1"));
        metadata.putAll(overrides);
        metadata.values().removeIf(String::isEmpty);
        return keda.ref("kafka-e2e", name, metadata);
    }

    /** Waits until the scaler has seen {@code activationLag} (so the data is fresh), then checks the answer KEDA gets. */
    private void expect(ScaledObjectRef ref, long activationLag, long desiredReplicas, boolean active) {
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
            KedaLikeClient.Poll poll = keda.poll(ref);
            assertThat(activationLag(ref)).as("activation lag").isEqualTo(activationLag);
            assertThat(poll.value()).as("desired replicas").isEqualTo((double) desiredReplicas);
            assertThat(poll.active()).as("active").isEqualTo(active);
        });
    }

    /** The activation lag the scaler last measured, from the explain endpoint (so the test also runs against a packaged build). */
    private static Long activationLag(ScaledObjectRef ref) {
        Number lag = given().get("/explain/" + ref.getNamespace() + "/" + ref.getName())
                .then().statusCode(200).extract().path("[0].signals[0].details.activationLag");
        return lag == null ? null : lag.longValue();
    }

    /** KEDA's e2e: 0 messages → 0; 1 message → still 0 (1 is not > 1); 2 → 2 replicas; 7 → 3 (the partition count). */
    private void expectZeroZeroTwoThree(ScaledObjectRef ref) {
        expect(ref, 0, 0, false);
        kafka.produce(topic, 0, 1);
        expect(ref, 1, 1, false);
        kafka.produce(topic, 1, 1);
        expect(ref, 2, 2, true);
        kafka.produce(topic, 2, 5);
        expect(ref, 7, 3, true);
    }

    @Test
    void earliestWithoutCommitsStaysAtZeroForOneMessageThenScalesToTwoThenCapsAtThePartitionCount() {
        kafka.createTopic(topic, 3);

        expectZeroZeroTwoThree(ref("earliest", Map.of("offsetResetPolicy", "earliest")));
    }

    @Test
    void latestWithAPreCommittedGroupFollowsTheSameSequence() {
        kafka.createTopic(topic, 3);
        for (int p = 0; p < 3; p++) {
            kafka.commitOffset(group, topic, p, 0);
        }

        expectZeroZeroTwoThree(ref("latest", Map.of("offsetResetPolicy", "latest")));
    }

    @Test
    void withoutATopicTheLagOfEveryTopicTheGroupCommittedOnIsSummed() {
        String other = KafkaTestData.uniqueTopic("scenario-b");
        kafka.createTopic(topic, 1);
        kafka.createTopic(other, 1);
        kafka.commitOffset(group, topic, 0, 0);
        kafka.commitOffset(group, other, 0, 0);
        ScaledObjectRef ref = ref("no-topic", Map.of("topic", "", "activationLagThreshold", "0"));

        expect(ref, 0, 0, false);
        kafka.produce(topic, 0, 1);
        expect(ref, 1, 1, true);
        kafka.produce(other, 0, 1);
        expect(ref, 2, 2, true);
    }

    @Test
    void scaleToZeroOnInvalidOffsetKeepsANeverCommittedGroupAtZeroWithEitherPolicy() {
        kafka.createTopic(topic, 3);
        kafka.produce(topic, 0, 5);
        for (String policy : new String[] {"latest", "earliest"}) {
            expect(ref("invalid-" + policy, Map.of("offsetResetPolicy", policy, "scaleToZeroOnInvalidOffset", "true",
                    "activationLagThreshold", "0")), 0, 0, false);
        }
    }

    @Test
    void latestWithoutACommitCountsOnePerPartitionUntilTheGroupCommits() {
        kafka.createTopic(topic, 3);
        ScaledObjectRef ref = ref("latest-uncommitted", Map.of("offsetResetPolicy", "latest", "activationLagThreshold", "0"));

        expect(ref, 3, 3, true);
        for (int p = 0; p < 3; p++) {
            kafka.commitOffset(group, topic, p, 0);
        }
        expect(ref, 0, 0, false);
    }

    @Test
    void earliestWithoutACommitCountsTheWholeLogUntilTheGroupCommits() {
        kafka.createTopic(topic, 1);
        kafka.produce(topic, 0, 1);
        ScaledObjectRef ref = ref("earliest-uncommitted", Map.of("offsetResetPolicy", "earliest", "activationLagThreshold", "0"));

        expect(ref, 1, 1, true);
        kafka.commitOffset(group, topic, 0, 1);
        expect(ref, 0, 0, false);
    }

    @Test
    void persistentLagStopsCountingForScalingButKeepsTheTriggerActiveUntilTheGroupMovesAgain() {
        kafka.createTopic(topic, 1);
        kafka.produce(topic, 0, 2);
        kafka.commitOffset(group, topic, 0, 1);
        ScaledObjectRef ref = ref("persistent", Map.of("excludePersistentLag", "true", "activationLagThreshold", "0"));
        // First sighting counts normally; once the offset has not moved for the test profile's 3 s window it is persistent.
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
            KedaLikeClient.Poll poll = keda.poll(ref);
            assertThat(poll.value()).isZero();
            assertThat(poll.active()).isTrue();
        });

        kafka.produce(topic, 0, 5);
        expect(ref, 6, 0, true);

        kafka.commitOffset(group, topic, 0, 3);
        expect(ref, 4, 1, true);
    }

    @Test
    void limitToPartitionsWithLagCapsReplicasAtThePartitionsThatHaveLag() {
        kafka.createTopic(topic, 3);
        ScaledObjectRef ref = ref("partitions-with-lag", Map.of("offsetResetPolicy", "earliest", "limitToPartitionsWithLag", "true"));

        kafka.produce(topic, 0, 1);
        expect(ref, 1, 1, false);
        kafka.produce(topic, 0, 5);
        expect(ref, 6, 1, true);
        kafka.produce(topic, 1, 5);
        expect(ref, 11, 2, true);
    }

    @Test
    void ensureEvenDistributionRoundsReplicasUpToAFactorOfThePartitionCount() {
        kafka.createTopic(topic, 10);
        ScaledObjectRef ref = ref("even", Map.of("offsetResetPolicy", "earliest", "ensureEvenDistributionOfPartitions", "true"));

        kafka.produce(topic, 0, 1);
        expect(ref, 1, 1, false);
        kafka.produce(topic, 1, 4);
        expect(ref, 5, 5, true);
        kafka.produce(topic, 2, 3);
        expect(ref, 8, 10, true);
    }

    @Test
    void aMissingTopicIsUnavailableNamingItWhileGetMetricSpecStillAnswers() {
        ScaledObjectRef ref = ref("missing-topic", Map.of());

        assertThat(keda.hpaStub().getMetricSpec(ref).getMetricSpecsCount()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            try {
                keda.hpaStub().isActive(ref);
                throw new AssertionError("expected UNAVAILABLE");
            } catch (io.grpc.StatusRuntimeException e) {
                assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
                assertThat(e.getStatus().getDescription()).contains("kafka signal unavailable").contains(topic);
            }
        });
    }
}
