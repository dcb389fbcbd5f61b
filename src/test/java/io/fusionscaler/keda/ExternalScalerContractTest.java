package io.fusionscaler.keda;

import io.fusionscaler.engine.TrackerRegistry;
import io.fusionscaler.keda.KedaLikeClient.ActivityStreamCall;
import io.fusionscaler.keda.proto.ExternalScalerGrpc;
import io.fusionscaler.keda.proto.GetMetricSpecResponse;
import io.fusionscaler.keda.proto.GetMetricsRequest;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** KEDA's wire contract (SPEC section 3) over the real gRPC port, with a signal whose outcome the test sets. */
@QuarkusTest
class ExternalScalerContractTest {

    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int grpcPort;

    @Inject
    ScriptedSignal signal;

    @Inject
    TrackerRegistry trackers;

    @Inject
    OpenStreams openStreams;

    private KedaLikeClient keda;
    private String id;

    @BeforeEach
    void connect() {
        keda = new KedaLikeClient("127.0.0.1", grpcPort);
        id = "so-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        keda.close();
    }

    private ScaledObjectRef ref() {
        return keda.ref("team-a", id, Map.of(ScriptedSignal.KEY, id));
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
        signal.measure(id, 4, true);

        GetMetricSpecResponse spec = keda.hpaStub().getMetricSpec(ref());

        assertThat(spec.getMetricSpecsList()).hasSize(1);
        assertThat(spec.getMetricSpecs(0).getMetricName()).isEqualTo("fusion-team-a-" + id);
        assertThat(spec.getMetricSpecs(0).getTargetSize()).isEqualTo(1);
        assertThat(spec.getMetricSpecs(0).getTargetSizeFloat()).isEqualTo(1.0);
    }

    @Test
    void anAbsentSignalIsZeroReplicasAndInactiveNotAnErrorThatWouldTriggerKedasFallback() {
        signal.absent(id, "target team-a/module has 0 replicas");

        KedaLikeClient.Poll poll = keda.poll(ref());

        assertThat(poll.metrics().getMetricValuesList()).singleElement().satisfies(v -> {
            assertThat(v.getMetricValue()).isZero();
            assertThat(v.getMetricValueFloat()).isZero();
        });
        assertThat(poll.active()).isFalse();
        assertThat(keda.pollStub().isActive(ref()).getResult()).isFalse();
    }

    @Test
    void metricSpecNeverFailsWhileTheSourceFails() {
        signal.fail(id, "cluster down");

        GetMetricSpecResponse spec = keda.hpaStub().getMetricSpec(ref());

        assertThat(spec.getMetricSpecs(0).getTargetSizeFloat()).isEqualTo(1.0);
        assertThat(code(() -> keda.hpaStub().getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref()).build())))
                .isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void aKedaPollGetsTheFusedValueInBothFieldsAndTheSameDecisionsActivity() {
        signal.measure(id, 7, true);

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
        signal.measure(id, 0, false);

        KedaLikeClient.Poll poll = keda.poll(ref());

        assertThat(poll.value()).isZero();
        assertThat(poll.active()).isFalse();
    }

    @Test
    void anEmptyMetricNameMeansOurMetricAndAForeignNameIsNotFound() {
        signal.measure(id, 2, true);
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
    void invalidMetadataIsInvalidArgumentNamingTheKeyOnEveryCall() {
        ScaledObjectRef bad = keda.ref("team-a", id, Map.of(ScriptedSignal.KEY, id, "lagTreshold", "5"));

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
        assertThat(stream.end()).succeedsWithin(Duration.ofSeconds(3))
                .extracting(Status::getCode).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void aRefWithoutNameOrNamespaceIsInvalidArgument() {
        ScaledObjectRef noName = ScaledObjectRef.newBuilder().setNamespace("team-a").putScalerMetadata(ScriptedSignal.KEY, id).build();

        assertThat(code(() -> keda.hpaStub().getMetricSpec(noName))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void unknownDataIsUnavailableNamingTheSignalNeverAMadeUpZero() {
        signal.fail(id, "broker 127.0.0.1:1 unreachable");

        assertThatThrownBy(() -> keda.poll(ref())).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(e.getStatus().getDescription()).contains("scripted signal unavailable").contains("broker 127.0.0.1:1 unreachable");
        });
        assertThat(code(() -> keda.hpaStub().isActive(ref()))).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void dataOlderThanTheStalenessLimitBecomesUnavailableAndRecovers() {
        signal.measure(id, 3, true);
        assertThat(keda.poll(ref()).value()).isEqualTo(3.0);

        signal.fail(id, "timeout");
        assertThat(keda.poll(ref()).value()).as("within the staleness limit the last reading stands").isEqualTo(3.0);
        await().atMost(Duration.ofSeconds(10)).until(() -> code(() -> keda.hpaStub().isActive(ref())) == Status.Code.UNAVAILABLE);

        signal.measure(id, 1, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> code(() -> keda.hpaStub().isActive(ref())) == Status.Code.OK);
        assertThat(keda.poll(ref()).value()).isEqualTo(1.0);
    }

    @Test
    void theFirstCallForANewTriggerWaitsForItsFirstRefreshInsteadOfFailing() {
        signal.measure(id, 5, true);

        assertThat(keda.hpaStub().isActive(ref()).getResult()).isTrue();
    }

    @Test
    void streamSendsCurrentStateThenOnlyInactiveToActiveTransitions() throws Exception {
        signal.measure(id, 0, false);
        keda.poll(ref());
        ActivityStreamCall stream = keda.streamIsActive(ref());

        assertThat(stream.next(5, TimeUnit.SECONDS)).as("current state on open").isFalse();

        signal.measure(id, 2, true);
        assertThat(stream.next(5, TimeUnit.SECONDS)).as("inactive -> active").isTrue();

        signal.measure(id, 3, true);
        signal.measure(id, 0, false);
        assertThat(stream.next(2_500, TimeUnit.MILLISECONDS)).as("no repeated true, no false").isNull();

        signal.measure(id, 1, true);
        assertThat(stream.next(5, TimeUnit.SECONDS)).as("active again").isTrue();
        stream.cancel();
    }

    @Test
    void streamOpenedWhileActiveSendsTrueOnce() throws Exception {
        signal.measure(id, 4, true);
        keda.poll(ref());

        ActivityStreamCall stream = keda.streamIsActive(ref());

        assertThat(stream.next(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.next(2_500, TimeUnit.MILLISECONDS)).isNull();
        stream.cancel();
    }

    @Test
    void cancellingAStreamFreesItsSubscriptionAndAReopenedStreamStartsOver() throws Exception {
        signal.measure(id, 1, true);
        keda.poll(ref());
        int streamsBefore = openStreams.count();

        ActivityStreamCall first = keda.streamIsActive(ref());
        assertThat(first.next(5, TimeUnit.SECONDS)).isTrue();
        first.cancel();
        await().atMost(Duration.ofSeconds(5)).until(() -> openStreams.count() == streamsBefore && subscribers() == 0);

        ActivityStreamCall reopened = keda.streamIsActive(ref());
        assertThat(reopened.next(5, TimeUnit.SECONDS)).as("the reopened stream gets the current state again").isTrue();
        reopened.cancel();
        await().atMost(Duration.ofSeconds(5)).until(() -> subscribers() == 0);
    }

    private int subscribers() {
        return trackers.all().stream().filter(t -> t.key().name().equals(id)).mapToInt(t -> t.subscriberCount()).sum();
    }

    @Test
    void streamMetricSpecSendsTheSameSpecAsGetMetricSpec() throws Exception {
        signal.measure(id, 1, true);
        CompletableFuture<GetMetricSpecResponse> first = new CompletableFuture<>();
        var call = keda.channel().newCall(ExternalScalerGrpc.getStreamMetricSpecMethod(), io.grpc.CallOptions.DEFAULT);
        io.grpc.stub.ClientCalls.asyncServerStreamingCall(call, ref(), new io.grpc.stub.StreamObserver<GetMetricSpecResponse>() {
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

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(keda.hpaStub().getMetricSpec(ref()));
        call.cancel("done", null);
    }

    @Test
    void oneSharedChannelServesManyScaledObjectsAndStreamsAtOnce() throws Exception {
        List<ActivityStreamCall> streams = new ArrayList<>();
        List<CompletableFuture<KedaLikeClient.Poll>> polls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String so = id + "-" + i;
            signal.measure(so, i, i % 2 == 0);
            ScaledObjectRef ref = keda.ref("team-b", so, Map.of(ScriptedSignal.KEY, so));
            streams.add(keda.streamIsActive(ref));
            polls.add(CompletableFuture.supplyAsync(() -> keda.poll(ref)));
        }
        for (int i = 0; i < 40; i++) {
            KedaLikeClient.Poll poll = polls.get(i).get(10, TimeUnit.SECONDS);
            assertThat(poll.value()).isEqualTo(i);
            assertThat(poll.active()).isEqualTo(i % 2 == 0);
            assertThat(streams.get(i).next(5, TimeUnit.SECONDS)).isEqualTo(i % 2 == 0);
        }
        streams.forEach(ActivityStreamCall::cancel);
    }

    @Test
    void theStandardGrpcHealthServiceReportsServing() {
        HealthCheckResponse health = HealthGrpc.newBlockingStub(keda.channel()).withDeadlineAfter(3, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("").build());

        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }
}
