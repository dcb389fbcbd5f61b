package io.fusionscaler.signal.gpu;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusionscaler.deploy.ScrapeChecksWiringTest;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.KubeObjects;
import io.fusionscaler.testing.ScriptedSignal;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
import static org.awaitility.Awaitility.await;

/**
 * A GPU module 0↔N through KEDA's gRPC port: at 0 replicas the GPU signal is absent and a demand signal wakes the
 * module; GPU utilization from two agents on two "nodes" scales it; it goes inactive only once the demand is gone and
 * its GPUs have idled for {@code gpuIdleAfter}. The scaler's metrics show each GPU of each pod, with its node.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(GpuModuleProfile.class)
class GpuModuleEndToEndWiringTest {

    private static final Map<String, String> MODEL = Map.of("app", "model");
    private static final Instant STARTED = Instant.now().minus(Duration.ofHours(1));

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ScriptedSignal demand;

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
    void disconnect() {
        keda.close();
    }

    private KedaLikeClient.Poll poll(ScaledObjectRef ref) {
        return keda.poll(ref);
    }

    private void awaitPoll(ScaledObjectRef ref, long value, boolean active) {
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).ignoreException(StatusRuntimeException.class)
                .until(() -> {
                    KedaLikeClient.Poll poll = poll(ref);
                    return poll.value() == value && poll.active() == active;
                });
    }

    @Test
    void aGpuModuleIsWokenByDemandScaledByItsGpusAndSleepsAfterTheIdleWindow() {
        KubeObjects.createScaledObject(seed, namespace, "model", null, null, "model");
        seed.resource(KubeObjects.deployment(namespace, "model", 0, MODEL)).create();
        String id = "demand-" + namespace;
        demand.measure(id, 0, false);
        ScaledObjectRef ref = keda.ref(namespace, "model", Map.of("gpuTargetUtilization", "40", "gpuActivationUtilization", "5",
                "gpuIdleAfter", "2s", ScriptedSignal.KEY, id));

        // at 0 replicas the GPU signal is absent (no error, no made-up 0): the idle demand decides alone
        awaitPoll(ref, 0, false);

        // work appears: the demand signal wakes the module
        demand.measure(id, 1, true);
        awaitPoll(ref, 1, true);

        // KEDA scales it to 2; its pods run on two nodes at 90 % and 70 %: ceil(2 × 80 / 40) = 4
        seed.apps().deployments().inNamespace(namespace).withName("model").edit(d -> {
            d.getSpec().setReplicas(2);
            return d;
        });
        seed.resource(KubeObjects.pod(namespace, "model-0", MODEL, "1", "1Gi", STARTED)).create();
        seed.resource(KubeObjects.pod(namespace, "model-1", MODEL, "1", "1Gi", STARTED)).create();
        agentA.serve(report("node-a", Instant.now(), 0, pod(namespace, "model-0", 0.9)));
        agentB.serve(report("node-b", Instant.now(), 0, pod(namespace, "model-1", 0.7)));
        awaitPoll(ref, 4, true);

        // the queue drains, the GPUs keep working: still active
        demand.measure(id, 0, false);
        awaitPoll(ref, 4, true);

        // the GPUs go idle: active for gpuIdleAfter more, then inactive (KEDA's cooldown then takes it to 0)
        agentA.serve(report("node-a", Instant.now(), 0, pod(namespace, "model-0", 0.0)));
        agentB.serve(report("node-b", Instant.now(), 0, pod(namespace, "model-1", 0.0)));
        awaitPoll(ref, 0, true);
        Instant idleSeen = Instant.now();
        awaitPoll(ref, 0, false);
        assertThat(Duration.between(idleSeen, Instant.now())).as("the idle window holds it awake").isGreaterThan(Duration.ofMillis(1000));
    }

    @Test
    void eachGpuOfEachPodIsASeriesOnItsNodeThatGoesWithItsPod() {
        KubeObjects.createScaledObject(seed, namespace, "model", null, null, "model");
        seed.resource(KubeObjects.deployment(namespace, "model", 2, MODEL)).create();
        seed.resource(KubeObjects.pod(namespace, "model-0", MODEL, "1", "1Gi", STARTED)).create();
        seed.resource(KubeObjects.pod(namespace, "model-1", MODEL, "1", "1Gi", STARTED)).create();
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
