package io.fusionscaler.signal.queue;

import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The queue signal through the whole scaler, over the real gRPC port as KEDA calls it, with target discovery
 * scripted ({@link ScriptedQueuePods}) and the pods' metrics endpoints real HTTP servers on loopback addresses: a
 * module scaled to zero wakes on its callers' client-side queues, pushed over StreamIsActive.
 */
@QuarkusTest
class QueueWakeUpWiringTest {

    private static final Duration PUSH = Duration.ofSeconds(20);

    @Inject
    ScriptedQueuePods discovery;

    private KedaLikeClient keda;
    private FakePods gateways;
    private String module;

    @BeforeEach
    void start() throws Exception {
        keda = KedaLikeClient.forTestServer().connected();
        gateways = FakePods.start(20, 2);
        module = "ranker-" + UUID.randomUUID().toString().substring(0, 8);
        discovery.target("shop", module, 0, List.of());
        discovery.pods("shop", Map.of("app", "gateway"), gateways.running());
        gateways.all().forEach(pod -> pod.serve(Pages.queueDepth(0, 4)));
    }

    @AfterEach
    void stop() throws InterruptedException {
        keda.close();
        gateways.close();
    }

    private ScaledObjectRef ref(String... extra) {
        Map<String, String> metadata = new HashMap<>(Map.of("queueMetric", Pages.DEPTH, "queueLabels", "grpc_method=Predict",
                "queuePort", String.valueOf(gateways.port), "queueTarget", "5"));
        for (int i = 0; i < extra.length; i += 2) {
            metadata.put(extra[i], extra[i + 1]);
        }
        return keda.ref("shop", module, metadata);
    }

    @Test
    void aModuleAtZeroReplicasWakesOnItsCallersQueuesPushedOverStreamIsActive() throws Exception {
        ScaledObjectRef ref = ref("queuePodSelector", "app=gateway");
        KedaLikeClient.ActivityStreamCall stream = keda.streamIsActive(ref);
        assertThat(stream.next(PUSH.toSeconds(), TimeUnit.SECONDS)).isFalse();

        gateways.pod(1).serve(Pages.queueDepth(12, 4));

        assertThat(stream.next(PUSH.toSeconds(), TimeUnit.SECONDS)).isTrue();
        KedaLikeClient.Poll poll = keda.poll(ref);
        assertThat(poll.value()).isEqualTo(3);
        assertThat(poll.active()).isTrue();
        stream.cancel();
    }

    @Test
    void withoutASelectorATargetAtZeroIsAbsentNotAnErrorAndCountsOnceItHasPods() {
        ScaledObjectRef ref = ref();

        KedaLikeClient.Poll idle = keda.poll(ref);
        discovery.target("shop", module, 2, gateways.running());
        gateways.all().forEach(pod -> pod.serve(Pages.queueDepth(11)));

        assertThat(idle.value()).isZero();
        assertThat(idle.active()).isFalse();
        await().atMost(PUSH).untilAsserted(() -> assertThat(keda.poll(ref).value()).isEqualTo(5));
    }

    @Test
    void theScalersOwnMetricsPageIsValidExpositionText() {
        String page = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();

        ParsedText parsed = PrometheusText.parse(page);

        assertThat(parsed).isInstanceOf(ParsedText.Samples.class);
        assertThat(((ParsedText.Samples) parsed).named("jvm_threads_live_threads")).hasSize(1);
    }
}
