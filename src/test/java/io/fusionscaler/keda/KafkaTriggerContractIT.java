package io.fusionscaler.keda;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.fusionscaler.keda.KedaLikeClient.ActivityStreamCall;
import io.fusionscaler.keda.proto.ExternalScalerGrpc;
import io.fusionscaler.keda.proto.GetMetricSpecResponse;
import io.fusionscaler.keda.proto.GetMetricsRequest;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.nativeit.PackagedScaler;
import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaTestData;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * KEDA's wire contract against the packaged scaler (jar, or the native runner with {@code -Dnative}), driven by a
 * real Kafka trigger on the shared test broker instead of the test-only scripted signal of
 * {@link ExternalScalerContractTest} (a CDI bean that a packaged build does not contain).
 */
@QuarkusIntegrationTest
@QuarkusTestResource(KafkaBrokerResource.class)
class KafkaTriggerContractIT {

    private KedaLikeClient keda;
    private KafkaTestData kafka;
    private String id;
    private String topic;
    private String group;

    @BeforeEach
    void setUp() {
        keda = KedaLikeClient.forTestServer();
        kafka = new KafkaTestData(KafkaBrokerResource.bootstrapServers());
        id = "so-" + UUID.randomUUID().toString().substring(0, 8);
        topic = KafkaTestData.uniqueTopic("contract");
        group = KafkaTestData.uniqueGroup("contract");
        kafka.createTopic(topic, 3);
        // The group coordinator may learn of a brand-new topic a moment after its creation returned.
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> kafka.commitOffsets(group, Map.of(
                new TopicPartition(topic, 0), 0L, new TopicPartition(topic, 1), 0L, new TopicPartition(topic, 2), 0L)));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        kafka.close();
        keda.close();
    }

    /** lagThreshold 1, activation above 0: desired replicas = lag (up to 3 partitions), active once lag > 0. */
    private ScaledObjectRef ref(Map<String, String> extra) {
        Map<String, String> metadata = new HashMap<>(Map.of("bootstrapServers", KafkaBrokerResource.bootstrapServers(),
                "consumerGroup", group, "topic", topic, "lagThreshold", "1"));
        metadata.putAll(extra);
        return keda.ref("team-a", id, metadata);
    }

    private ScaledObjectRef ref() {
        return ref(Map.of());
    }

    private static Status.Code code(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    @Test
    void metricSpecIsOneStaticFusedMetricWithTargetOneInBothFields() {
        GetMetricSpecResponse spec = keda.hpaStub().getMetricSpec(ref());

        assertThat(spec.getMetricSpecsList()).hasSize(1);
        assertThat(spec.getMetricSpecs(0).getMetricName()).isEqualTo("fusion-team-a-" + id);
        assertThat(spec.getMetricSpecs(0).getTargetSize()).isEqualTo(1);
        assertThat(spec.getMetricSpecs(0).getTargetSizeFloat()).isEqualTo(1.0);
    }

    @Test
    void aKedaPollGetsTheLagInBothFieldsAndTheSameDecisionsActivity() {
        ScaledObjectRef ref = ref();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(keda.poll(ref).active()).as("no lag yet").isFalse());

        kafka.produce(topic, 0, 1);
        kafka.produce(topic, 1, 1);

        await().atMost(Duration.ofSeconds(15)).until(() -> keda.poll(ref).value() == 2.0);
        KedaLikeClient.Poll poll = keda.poll(ref);
        assertThat(poll.metrics().getMetricValuesList()).singleElement().satisfies(v -> {
            assertThat(v.getMetricValue()).isEqualTo(2);
            assertThat(v.getMetricValueFloat()).isEqualTo(2.0);
            assertThat(v.getMetricName()).isEqualTo("fusion-team-a-" + id);
        });
        assertThat(poll.active()).isTrue();
    }

    @Test
    void anEmptyMetricNameMeansOurMetricAndAForeignNameIsNotFound() {
        kafka.produce(topic, 0, 1);
        keda.hpaStub().getMetricSpec(ref());
        await().atMost(Duration.ofSeconds(15)).until(() -> KedaLikeClient.kedaValue(
                keda.hpaStub().getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref()).build())) == 1.0);

        assertThatThrownBy(() -> keda.hpaStub().getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref()).setMetricName("kafka-orders").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).contains("kafka-orders").contains("fusion-team-a-" + id);
                });
    }

    @Test
    void invalidMetadataIsInvalidArgumentNamingTheKeyOnEveryCallAndOnTheStream() {
        ScaledObjectRef bad = ref(Map.of("lagTreshold", "5"));

        for (Runnable call : List.<Runnable>of(
                () -> keda.hpaStub().getMetricSpec(bad),
                () -> keda.hpaStub().getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(bad).build()),
                () -> keda.hpaStub().isActive(bad))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription()).contains("'lagTreshold'").contains("unknown key");
            });
        }
        ActivityStreamCall stream = keda.streamIsActive(bad);
        assertThat(stream.end()).succeedsWithin(Duration.ofSeconds(5))
                .extracting(Status::getCode).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void aRefWithoutANameIsInvalidArgument() {
        ScaledObjectRef noName = ScaledObjectRef.newBuilder().setNamespace("team-a")
                .putAllScalerMetadata(ref().getScalerMetadataMap()).build();

        assertThat(code(() -> keda.hpaStub().getMetricSpec(noName))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void anUnreachableClusterIsUnavailableNamingTheKafkaSignalWhileGetMetricSpecStillAnswers() {
        ScaledObjectRef unreachable = ref(Map.of("bootstrapServers", "127.0.0.1:1"));

        assertThat(keda.hpaStub().getMetricSpec(unreachable).getMetricSpecsCount()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThatThrownBy(() -> keda.poll(unreachable)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).contains("kafka signal unavailable");
                }));
    }

    @Test
    void streamSendsTheCurrentStateThenTrueWhenTheFirstMessageArrives() throws Exception {
        ScaledObjectRef ref = ref();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(keda.poll(ref).active()).isFalse());
        ActivityStreamCall stream = keda.streamIsActive(ref);
        assertThat(stream.next(10, TimeUnit.SECONDS)).as("current state on open").isFalse();

        kafka.produce(topic, 2, 1);

        assertThat(stream.next(15, TimeUnit.SECONDS)).as("inactive -> active").isTrue();
        assertThat(keda.poll(ref).active()).isTrue();
        stream.cancel();
        assertThat(stream.end()).succeedsWithin(Duration.ofSeconds(5)).extracting(Status::getCode).isEqualTo(Status.Code.CANCELLED);
    }

    @Test
    void streamOpenedWhileActiveSendsTrueAndACancelledStreamIsFreed() throws Exception {
        kafka.produce(topic, 0, 3);
        ScaledObjectRef ref = ref();
        await().atMost(Duration.ofSeconds(15)).until(() -> keda.poll(ref).active());
        double openBefore = PackagedScaler.metric("fusion_streams_open");

        ActivityStreamCall stream = keda.streamIsActive(ref);
        assertThat(stream.next(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> PackagedScaler.metric("fusion_streams_open") == openBefore + 1);

        stream.cancel();
        await().atMost(Duration.ofSeconds(10)).until(() -> PackagedScaler.metric("fusion_streams_open") == openBefore);
    }

    @Test
    void streamMetricSpecSendsTheSameSpecAsGetMetricSpec() throws Exception {
        CompletableFuture<GetMetricSpecResponse> first = new CompletableFuture<>();
        var call = keda.channel().newCall(ExternalScalerGrpc.getStreamMetricSpecMethod(), io.grpc.CallOptions.DEFAULT);
        ClientCalls.asyncServerStreamingCall(call, ref(), new StreamObserver<GetMetricSpecResponse>() {
            @Override
            public void onNext(GetMetricSpecResponse value) {
                first.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                first.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(keda.hpaStub().getMetricSpec(ref()));
        call.cancel("done", null);
    }

    @Test
    void theStandardGrpcHealthServiceReportsServing() {
        HealthCheckResponse health = HealthGrpc.newBlockingStub(keda.channel()).withDeadlineAfter(3, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("").build());

        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }
}
