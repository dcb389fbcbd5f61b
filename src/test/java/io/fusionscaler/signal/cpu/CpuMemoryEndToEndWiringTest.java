package io.fusionscaler.signal.cpu;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.ScriptedSignal;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.testing.KubeObjects;
import io.grpc.Status;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

/**
 * CPU and memory through KEDA's gRPC port, against the mock API server in CRUD mode: a target's pods and PodMetrics
 * drive the answers, watch events (scale to zero) change them within a refresh, and a demand signal decides alone
 * while CPU and memory are absent at zero replicas.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(KubernetesSignalsProfile.class)
class CpuMemoryEndToEndWiringTest {

    private static final Map<String, String> API = Map.of("app", "api");
    private static final Instant STARTED = Instant.now().minus(Duration.ofHours(1));

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ScriptedSignal demand;

    private KedaLikeClient keda;
    private KubernetesClient seed;
    private String namespace;

    @BeforeEach
    void connect() {
        keda = KedaLikeClient.forTestServer().connected();
        seed = server.getClient();
        namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        keda.close();
    }

    /** Deployment api with {@code replicas} pods requesting 500m CPU, each using 400m CPU (80 %) and 256Mi memory. */
    private void seedApi(int replicas) {
        KubeObjects.createScaledObject(seed, namespace, "api", null, null, "api");
        seed.resource(KubeObjects.deployment(namespace, "api", replicas, API)).create();
        for (int i = 0; i < replicas; i++) {
            seed.resource(KubeObjects.pod(namespace, "api-" + i, API, "500m", "512Mi", STARTED)).create();
            seed.resource(KubeObjects.podMetrics(namespace, "api-" + i, API, "400m", "256Mi", Instant.now())).create();
        }
    }

    private ScaledObjectRef ref(Map<String, String> metadata) {
        return keda.ref(namespace, "api", metadata);
    }

    private KedaLikeClient.Poll pollWhenAnswered(ScaledObjectRef ref) {
        await().atMost(60, TimeUnit.SECONDS).ignoreException(StatusRuntimeException.class).until(() -> keda.poll(ref) != null);
        return keda.poll(ref);
    }

    @Test
    void cpuAndMemoryFuseWithMaxAndMin() {
        seedApi(3);
        Map<String, String> trigger = Map.of("cpuTargetUtilization", "50", "memoryTargetAverageValue", "300Mi");

        // cpu: 80 % of requests against 50 % → ceil(1.6 × 3) = 5; memory: 256Mi against 300Mi → ceil(0.853 × 3) = 3
        KedaLikeClient.Poll max = pollWhenAnswered(ref(trigger));
        assertThat(max.value()).isEqualTo(5);
        assertThat(max.active()).as("cpu and memory never hold a workload awake").isFalse();

        Map<String, String> minTrigger = new java.util.HashMap<>(trigger);
        minTrigger.put("fusion", "min");
        assertThat(pollWhenAnswered(ref(minTrigger)).value()).isEqualTo(3);

        given().get("/explain/" + namespace + "/api").then().statusCode(200)
                .body("signals.flatten().signal", hasItem("cpu"))
                .body("signals.flatten().signal", hasItem("memory"));
    }

    @Test
    void atZeroReplicasCpuAndMemoryAreAbsentAndADemandSignalDecidesAlone() {
        seedApi(2);
        String id = "demand-" + namespace;
        demand.measure(id, 0, false);
        ScaledObjectRef ref = ref(Map.of("cpuTargetUtilization", "50", "memoryTargetUtilization", "80", "scriptedSignal", id));
        assertThat(pollWhenAnswered(ref).value()).isEqualTo(4);

        seed.apps().deployments().inNamespace(namespace).withName("api").edit(d -> {
            d.getSpec().setReplicas(0);
            return d;
        });
        await().atMost(30, TimeUnit.SECONDS).ignoreException(StatusRuntimeException.class).until(() -> keda.poll(ref).value() == 0);
        assertThat(keda.poll(ref).active()).isFalse();

        demand.measure(id, 1, true);
        await().atMost(30, TimeUnit.SECONDS).ignoreException(StatusRuntimeException.class).until(() -> keda.poll(ref).active());
        assertThat(keda.poll(ref).value()).isEqualTo(1);
    }

    @Test
    void aCustomScalableTargetIsReadThroughItsScaleSubresource() {
        seed.resource(KubeObjects.rolloutDefinition()).createOr(existing -> existing.update());
        KubeObjects.createScaledObject(seed, namespace, "api", KubeObjects.ROLLOUT_API_VERSION, "Rollout", "api");
        KubeObjects.createRollout(seed, namespace, "api", 2, "app=api");
        for (int i = 0; i < 2; i++) {
            seed.resource(KubeObjects.pod(namespace, "api-" + i, API, "500m", "512Mi", STARTED)).create();
            seed.resource(KubeObjects.podMetrics(namespace, "api-" + i, API, "1", "256Mi", Instant.now())).create();
        }

        // 1 core of 500m is 200 % against 100 % → ceil(2 × 2) = 4
        assertThat(pollWhenAnswered(ref(Map.of("cpuTargetUtilization", "100"))).value()).isEqualTo(4);
    }

    @Test
    void aMissingScaledObjectIsUnavailableNamingIt() {
        ScaledObjectRef ref = keda.ref(namespace, "ghost", Map.of("cpuTargetUtilization", "50"));

        await().atMost(60, TimeUnit.SECONDS).until(() -> {
            try {
                keda.poll(ref);
                return false;
            } catch (StatusRuntimeException e) {
                return e.getStatus().getCode() == Status.Code.UNAVAILABLE
                        && e.getStatus().getDescription().contains("ScaledObject " + namespace + "/ghost not found");
            }
        });
    }
}
