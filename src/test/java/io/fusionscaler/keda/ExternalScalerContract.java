package io.fusionscaler.keda;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.fusionscaler.keda.proto.GetMetricSpecResponse;
import io.fusionscaler.keda.proto.GetMetricsRequest;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.KedaLikeClient.ActivityStreamCall;
import io.fusionscaler.testing.KedaLikeClient.MetricSpecStreamCall;
import io.fusionscaler.testing.PackagedScaler;
import io.fusionscaler.testing.SignalDriver;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
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
 * KEDA's wire contract (SPEC section 3) over the real gRPC port, written once for any signal a {@link SignalDriver}
 * controls: {@link ExternalScalerContractWiringTest} runs it in-process with the scripted signal, {@link ExternalScalerContractIT}
 * against the packaged build with a real Kafka trigger. A driver's change reaches the scaler at its next refresh, so a
 * test waits for the answer it expects wherever the signal changes after the trigger's first call.
 */
abstract class ExternalScalerContract {

    private static final Duration REFRESHED = Duration.ofSeconds(15);

    private KedaLikeClient keda;
    private String id;

    /** The signal under the contract. */
    protected abstract SignalDriver driver();

    @BeforeEach
    void connect() {
        keda = KedaLikeClient.forTestServer().connected();
        id = "so-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        keda.close();
    }

    /** The KEDA-like client of this test. */
    protected KedaLikeClient keda() {
        return keda;
    }

    /** The id of this test's trigger, and the name of its ScaledObject (in namespace {@code team-a}). */
    protected String id() {
        return id;
    }

    /** This test's trigger as KEDA sends it. */
    protected ScaledObjectRef ref() {
        return ref(id, Map.of());
    }

    private ScaledObjectRef ref(String name, Map<String, String> extra) {
        Map<String, String> metadata = new HashMap<>(driver().trigger(name));
        metadata.putAll(extra);
        return keda.ref("team-a", name, metadata);
    }

    private static Status.Code code(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    /** Waits until a KEDA poll answers these figures: the scaler has refreshed the signal since it changed. */
    private void awaitPoll(ScaledObjectRef ref, double desired, boolean active) {
        await().atMost(REFRESHED).ignoreExceptions().untilAsserted(() -> {
            KedaLikeClient.Poll poll = keda.poll(ref);
            assertThat(poll.value()).isEqualTo(desired);
            assertThat(poll.active()).isEqualTo(active);
        });
    }

    @Test
    void metricSpecIsOneStaticFusedMetricWithTargetOneInBothFields() {
        driver().measure(id, 4, true);

        GetMetricSpecResponse spec = keda.hpaStub().getMetricSpec(ref());

        assertThat(spec.getMetricSpecsList()).hasSize(1);
        assertThat(spec.getMetricSpecs(0).getMetricName()).isEqualTo("fusion-team-a-" + id);
        assertThat(spec.getMetricSpecs(0).getTargetSize()).isEqualTo(1);
        assertThat(spec.getMetricSpecs(0).getTargetSizeFloat()).isEqualTo(1.0);
    }

    @Test
    void metricSpecNeverFailsWhileTheSourceFails() {
        driver().fail(id);

        GetMetricSpecResponse spec = keda.hpaStub().getMetricSpec(ref());

        assertThat(spec.getMetricSpecs(0).getTargetSizeFloat()).isEqualTo(1.0);
        assertThat(code(() -> keda.hpaStub().getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref()).build())))
                .isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void aKedaPollGetsTheFusedValueInBothFieldsAndTheSameDecisionsActivity() {
        driver().measure(id, 7, true);

        KedaLikeClient.Poll poll = keda.poll(ref());

        assertThat(poll.metrics().getMetricValuesList()).singleElement().satisfies(v -> {
            assertThat(v.getMetricValue()).isEqualTo(7);
            assertThat(v.getMetricValueFloat()).isEqualTo(7.0);
            assertThat(v.getMetricName()).isEqualTo("fusion-team-a-" + id);
        });
        assertThat(poll.active()).isTrue();
        assertThat(poll.value()).isEqualTo(7.0);
    }

    @Test
    void aTrueZeroIsAnsweredAsZeroAndInactive() {
        driver().measure(id, 0, false);

        KedaLikeClient.Poll poll = keda.poll(ref());

        assertThat(poll.value()).isZero();
        assertThat(poll.active()).isFalse();
    }

    @Test
    void anEmptyMetricNameMeansOurMetricAndAForeignNameIsNotFound() {
        driver().measure(id, 2, true);
        keda.hpaStub().getMetricSpec(ref());

        assertThat(KedaLikeClient.kedaValue(keda.hpaStub().getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref()).build())))
                .isEqualTo(2.0);
        assertThatThrownBy(() -> keda.hpaStub().getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref()).setMetricName("kafka-orders").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).contains("kafka-orders").contains("fusion-team-a-" + id);
                });
    }

    @Test
    void invalidMetadataIsInvalidArgumentNamingTheKeyOnEveryCallAndOnTheStream() {
        ScaledObjectRef bad = ref(id, Map.of("lagTreshold", "5"));

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
    void aRefWithoutNameOrNamespaceIsInvalidArgument() {
        Map<String, String> metadata = driver().trigger(id);
        ScaledObjectRef noName = ScaledObjectRef.newBuilder().setNamespace("team-a").putAllScalerMetadata(metadata).build();
        ScaledObjectRef noNamespace = ScaledObjectRef.newBuilder().setName(id).putAllScalerMetadata(metadata).build();

        assertThat(code(() -> keda.hpaStub().getMetricSpec(noName))).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(code(() -> keda.hpaStub().getMetricSpec(noNamespace))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void unknownDataIsUnavailableNamingTheSignalAndItsReasonNeverAMadeUpZero() {
        String reason = driver().fail(id);

        assertThatThrownBy(() -> keda.poll(ref())).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(e.getStatus().getDescription()).contains(driver().signal() + " signal unavailable").contains(reason);
        });
        assertThat(code(() -> keda.hpaStub().isActive(ref()))).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void dataOlderThanTheStalenessLimitBecomesUnavailableAndRecovers() {
        driver().measure(id, 3, true);
        assertThat(keda.poll(ref()).value()).isEqualTo(3.0);

        driver().fail(id);
        await().atMost(REFRESHED).until(() -> code(() -> keda.hpaStub().isActive(ref())) == Status.Code.UNAVAILABLE);

        driver().measure(id, 1, false);
        awaitPoll(ref(), 1.0, false);
    }

    @Test
    void theFirstCallForANewTriggerWaitsForItsFirstRefreshInsteadOfFailing() {
        driver().measure(id, 5, true);

        assertThat(keda.hpaStub().isActive(ref()).getResult()).isTrue();
    }

    @Test
    void streamSendsTheCurrentStateThenOnlyInactiveToActiveTransitions() throws Exception {
        driver().measure(id, 0, false);
        keda.poll(ref());
        ActivityStreamCall stream = keda.streamIsActive(ref());
        assertThat(stream.next(10, TimeUnit.SECONDS)).as("current state on open").isFalse();

        driver().measure(id, 2, true);
        assertThat(stream.next(REFRESHED.toSeconds(), TimeUnit.SECONDS)).as("inactive -> active").isTrue();

        driver().measure(id, 3, true);
        awaitPoll(ref(), 3.0, true);
        driver().measure(id, 0, false);
        awaitPoll(ref(), 0.0, false);
        driver().measure(id, 1, true);
        assertThat(stream.next(REFRESHED.toSeconds(), TimeUnit.SECONDS)).as("active again").isTrue();
        awaitPoll(ref(), 1.0, true);

        assertThat(stream.drain()).as("no true while active, no false on the way down").isEmpty();
        stream.cancel();
    }

    @Test
    void streamOpenedWhileActiveSendsTrueOnce() throws Exception {
        driver().measure(id, 4, true);
        keda.poll(ref());

        ActivityStreamCall stream = keda.streamIsActive(ref());
        assertThat(stream.next(10, TimeUnit.SECONDS)).isTrue();
        driver().measure(id, 5, true);
        awaitPoll(ref(), 5.0, true);

        assertThat(stream.drain()).as("no second true while it stays active").isEmpty();
        stream.cancel();
    }

    @Test
    void cancellingAStreamFreesItAndAReopenedStreamStartsOver() throws Exception {
        driver().measure(id, 1, true);
        keda.poll(ref());
        double openBefore = PackagedScaler.metric("fusion_streams_open");

        ActivityStreamCall first = keda.streamIsActive(ref());
        assertThat(first.next(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> PackagedScaler.metric("fusion_streams_open") == openBefore + 1);
        first.cancel();
        assertThat(first.end()).succeedsWithin(Duration.ofSeconds(5)).extracting(Status::getCode).isEqualTo(Status.Code.CANCELLED);
        await().atMost(Duration.ofSeconds(10)).until(() -> PackagedScaler.metric("fusion_streams_open") == openBefore);

        ActivityStreamCall reopened = keda.streamIsActive(ref());
        assertThat(reopened.next(10, TimeUnit.SECONDS)).as("the reopened stream gets the current state again").isTrue();
        reopened.cancel();
        await().atMost(Duration.ofSeconds(10)).until(() -> PackagedScaler.metric("fusion_streams_open") == openBefore);
    }

    @Test
    void streamMetricSpecSendsTheSameSpecAsGetMetricSpec() throws Exception {
        driver().measure(id, 1, true);
        MetricSpecStreamCall stream = keda.streamMetricSpec(ref());

        assertThat(stream.next(10, TimeUnit.SECONDS)).isEqualTo(keda.hpaStub().getMetricSpec(ref()));
        stream.cancel();
    }

    /** Twelve triggers on one channel: their streams open at once, then their polls run at once. */
    @Test
    void oneSharedChannelServesManyScaledObjectsAndStreamsAtOnce() throws Exception {
        int count = 12;
        List<ScaledObjectRef> refs = new ArrayList<>();
        List<ActivityStreamCall> streams = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String so = id + "-" + i;
            driver().measure(so, desiredOf(i), isActive(i));
            refs.add(ref(so, Map.of()));
            streams.add(keda.streamIsActive(refs.get(i)));
        }
        for (int i = 0; i < count; i++) {
            assertThat(streams.get(i).next(REFRESHED.toSeconds(), TimeUnit.SECONDS)).as("stream %d", i).isEqualTo(isActive(i));
        }
        List<CompletableFuture<KedaLikeClient.Poll>> polls = new ArrayList<>();
        refs.forEach(ref -> polls.add(CompletableFuture.supplyAsync(() -> keda.poll(ref))));
        for (int i = 0; i < count; i++) {
            KedaLikeClient.Poll poll = polls.get(i).get(20, TimeUnit.SECONDS);
            assertThat(poll.value()).as("poll %d", i).isEqualTo(desiredOf(i));
            assertThat(poll.active()).as("poll %d", i).isEqualTo(isActive(i));
        }
        streams.forEach(ActivityStreamCall::cancel);
    }

    /** Trigger i of the many: even ones above 0 are active with i replicas, the others inactive with 0 or 1. */
    private static boolean isActive(int i) {
        return i % 2 == 0 && i > 0;
    }

    private static long desiredOf(int i) {
        return isActive(i) ? i : Math.min(i, 1);
    }

    @Test
    void theStandardGrpcHealthServiceReportsServing() {
        HealthCheckResponse health = HealthGrpc.newBlockingStub(keda.channel()).withDeadlineAfter(3, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("").build());

        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }
}
