package io.fusionscaler.signal.gpu;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusionscaler.deploy.ScrapeChecksWiringTest;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.signal.queue.FakePods;
import io.fusionscaler.signal.queue.Pages;
import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.KubeObjects;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.fusionscaler.signal.gpu.Reports.device;
import static io.fusionscaler.signal.gpu.Reports.pod;
import static io.fusionscaler.signal.gpu.Reports.report;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * A GPU module 0↔N through KEDA's gRPC port: at 0 replicas the GPU signal is absent and its callers' queue depth
 * (real pages on loopback addresses, the callers' pods in the mock API server) wakes the module; GPU utilization from
 * two agents on two "nodes" scales it; it goes inactive only once the queue has drained and its GPUs have idled for
 * {@code gpuIdleAfter}. An agent killed mid-run leaves its pods uncovered: the answer comes from the covered pods until
 * it is back. The scaler's metrics show each GPU of each pod, with its node.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(GpuModuleProfile.class)
class GpuModuleEndToEndWiringTest {

    private static final Map<String, String> MODEL = Map.of("app", "model");
    private static final Map<String, String> GATEWAY = Map.of("app", "gateway");
    private static final Instant STARTED = Instant.now().minus(Duration.ofHours(1));
    /** The GPU and queue signals of the module's one tracker in the explain view. */
    private static final String GPU = "[0].signals.find { it.signal == 'gpu' }";
    private static final String QUEUE = "[0].signals.find { it.signal == 'queue' }";

    @KubernetesTestServer
    KubernetesServer server;

    private KedaLikeClient keda;
    private KubernetesClient seed;
    private String namespace;
    private final FakeAgent agentA = GpuModuleProfile.Agents.PAIR[0];
    private final FakeAgent agentB = GpuModuleProfile.Agents.PAIR[1];

    @BeforeEach
    void connect() {
        keda = KedaLikeClient.forTestServer().connected();
        seed = server.getClient();
        namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        GpuModuleProfile.createAgentPods(seed, namespace);
    }

    @AfterEach
    void disconnect() throws IOException {
        keda.close();
        agentB.restart(); // whatever a test left crashed is back for the next one
    }

    private void awaitPoll(ScaledObjectRef ref, long value, boolean active) {
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).ignoreException(StatusRuntimeException.class)
                .until(() -> {
                    KedaLikeClient.Poll poll = keda.poll(ref);
                    return poll.value() == value && poll.active() == active;
                });
    }

    /** ScaledObject and Deployment model at {@code replicas}. */
    private void createModel(int replicas) {
        KubeObjects.createScaledObject(seed, namespace, "model", null, null, "model");
        seed.resource(KubeObjects.deployment(namespace, "model", replicas, MODEL)).create();
    }

    /** Pods model-0 and model-1 run, on node-a and node-b. */
    private void createPodsOnTwoNodes() {
        seed.resource(KubeObjects.pod(namespace, "model-0", MODEL, "1", "1Gi", STARTED)).create();
        seed.resource(KubeObjects.pod(namespace, "model-1", MODEL, "1", "1Gi", STARTED)).create();
    }

    /** The agents report model-0's GPU on node-a and model-1's on node-b at these ratios. */
    private void gpus(double model0, double model1) {
        agentA.serve(report("node-a", Instant.now(), 0, pod(namespace, "model-0", model0)));
        agentB.serve(report("node-b", Instant.now(), 0, pod(namespace, "model-1", model1)));
    }

    private JsonPath explain() {
        return given().get("/explain/" + namespace + "/model").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aGpuModuleIsWokenByItsCallersQueueDepthScaledByItsGpusAndSleepsAfterTheIdleWindow() throws IOException {
        createModel(0);
        try (FakePods gateways = FakePods.start(40, 1)) {
            FakePods.Pod gateway = gateways.pod(0).serve(Pages.queueDepth(0));
            seed.resource(new PodBuilder(KubeObjects.pod(namespace, "gateway-0", GATEWAY, "100m", "128Mi", STARTED))
                    .editStatus().withPodIP(gateway.ip).endStatus().build()).create();
            ScaledObjectRef ref = keda.ref(namespace, "model", Map.of("gpuTargetUtilization", "40", "gpuActivationUtilization", "5",
                    "gpuIdleAfter", "2s", "queueMetric", Pages.DEPTH, "queuePort", String.valueOf(gateways.port), "queueTarget", "5",
                    "queuePodSelector", "app=gateway"));

            // at 0 replicas the GPU signal is absent (no error, no made-up 0): the callers' empty queue decides alone
            awaitPoll(ref, 0, false);

            // requests queue up at the caller: 3 against 5 per replica wakes the module to ceil(3 / 5) = 1
            gateway.serve(Pages.queueDepth(3));
            awaitPoll(ref, 1, true);

            // KEDA scales it to 2; its pods run on two nodes at 90 % and 70 %: ceil(2 × 80 / 40) = 4
            seed.apps().deployments().inNamespace(namespace).withName("model").edit(d -> {
                d.getSpec().setReplicas(2);
                return d;
            });
            createPodsOnTwoNodes();
            gpus(0.9, 0.7);
            awaitPoll(ref, 4, true);

            // the queue drains, the GPUs keep working: still active
            gateway.serve(Pages.queueDepth(0));
            await().atMost(30, TimeUnit.SECONDS).until(() -> Boolean.FALSE.equals(explain().get(QUEUE + ".active")));
            awaitPoll(ref, 4, true);

            // the GPUs go idle: active for gpuIdleAfter more, then inactive (KEDA's cooldown then takes it to 0)
            gpus(0.0, 0.0);
            awaitPoll(ref, 0, true);
            Instant idleSeen = Instant.now();
            awaitPoll(ref, 0, false);
            assertThat(Duration.between(idleSeen, Instant.now())).as("the idle window holds it awake").isGreaterThan(Duration.ofMillis(1000));
        }
    }

    @Test
    void anAgentKilledMidRunLeavesItsPodsUncoveredAndTheCoveredPodsDecideUntilItIsBack() throws IOException {
        createModel(2);
        createPodsOnTwoNodes();
        gpus(0.9, 0.7);
        ScaledObjectRef ref = keda.ref(namespace, "model", Map.of("gpuTargetUtilization", "40"));

        // both pods covered: mean 80 % against 40 % → ceil(2 × 80 / 40) = 4
        awaitPoll(ref, 4, true);
        assertThat(explain().getString(GPU + ".coverage")).isEqualTo("2 of 2 pods");

        // node-b's agent crashes: model-1 is uncovered and counts at the covered pod's 90 %, never as 0 → ceil(2 × 90 / 40) = 5
        agentB.crash();
        awaitPoll(ref, 5, true);
        JsonPath partial = explain();
        assertThat(partial.getString(GPU + ".status")).isEqualTo("measured");
        assertThat(partial.getString(GPU + ".coverage")).isEqualTo("1 of 2 pods");
        assertThat(partial.getDouble(GPU + ".value")).isCloseTo(90.0, within(1e-6));
        assertThat(partial.getMap(GPU + ".details.uncoveredPods", String.class, String.class))
                .containsExactly(Map.entry("model-1", "reported by no gpu-agent that answered"));

        // the agent comes back: both pods covered again
        agentB.restart();
        awaitPoll(ref, 4, true);
        assertThat(explain().getString(GPU + ".coverage")).isEqualTo("2 of 2 pods");
    }

    @Test
    void eachGpuOfEachPodIsASeriesOnItsNodeThatGoesWithItsPod() {
        createModel(2);
        createPodsOnTwoNodes();
        agentA.serve(report("node-a", Instant.now(), 0,
                pod(namespace, "model-0", device("GPU-a0", 0.9, null), device("GPU-a1", null, "GPU_IS_LOST"))));
        agentB.serve(report("node-b", Instant.now(), 0, pod(namespace, "model-1", device("GPU-b0", 0.5, null))));
        ScaledObjectRef ref = keda.ref(namespace, "model", Map.of("gpuTargetUtilization", "50"));
        keda.pollStub().getMetricSpec(ref);

        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> series(scrape(), "model-1", "GPU-b0").isPresent());
        String scrape = scrape();
        assertThat(series(scrape, "model-0", "GPU-a0")).contains("node-a 0.9");
        assertThat(series(scrape, "model-0", "GPU-a1")).as("a GPU without a figure is unknown, not idle").contains("node-a NaN");
        assertThat(series(scrape, "model-1", "GPU-b0")).contains("node-b 0.5");
        assertThat(ScrapeChecksWiringTest.metricNames(scrape)).containsAll(ScrapeChecksWiringTest.ONLY_WITH_GPU_TRIGGERS);

        // model-1 goes away: its series goes with it
        seed.apps().deployments().inNamespace(namespace).withName("model").edit(d -> {
            d.getSpec().setReplicas(1);
            return d;
        });
        seed.pods().inNamespace(namespace).withName("model-1").delete();
        agentB.serve(report("node-b", Instant.now(), 0));
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> series(scrape(), "model-1", "GPU-b0").isEmpty());
        assertThat(series(scrape(), "model-0", "GPU-a0")).contains("node-a 0.9");
    }

    /** The series of {@code pod}'s GPU {@code uuid} in this test's namespace, as "node value". */
    private Optional<String> series(String scrape, String pod, String uuid) {
        Matcher series = Pattern.compile("(?m)^fusion_tracker_gpu_utilization_ratio\\{UUID=\"" + uuid + "\",namespace=\"" + namespace
                + "\",node=\"([^\"]*)\",pod=\"" + pod + "\",scaled_object=\"model\",trigger=\"[0-9a-f]{8}\"} (\\S+)$").matcher(scrape);
        return series.find() ? Optional.of(series.group(1) + " " + series.group(2)) : Optional.empty();
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
