package io.fusionscaler.signal.hpa;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.signal.SignalSpec;
import io.fusionscaler.target.InformerTargetDiscovery;
import io.fusionscaler.target.Quantity;
import io.fusionscaler.target.QuantitySyntaxException;
import io.fusionscaler.target.TestTargetConfig;
import io.fusionscaler.testing.KubeObjects;
import io.fusionscaler.testing.MockKubernetes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CPU and memory refresh against the mock API server: targets and pods from the shared watches, PodMetrics from one
 * list per namespace, the HPA's arithmetic on top.
 */
class ResourceSignalsTest {

    private static final String NS = "shop";
    private static final Instant STARTED = Instant.now().minus(Duration.ofHours(1));
    private static final Map<String, String> API = Map.of("app", "api");

    /** A spec as the cpu and memory specs are: a query per trigger, one lane per namespace. */
    record Spec(ResourceQuery query) implements SignalSpec {
        @Override
        public String signal() {
            return query.signal();
        }
    }

    private MockKubernetes kube;
    private KubernetesClient seed;
    private KubernetesClient client;
    private InformerTargetDiscovery discovery;
    private ResourceSignals signals;

    @BeforeEach
    void start() {
        kube = new MockKubernetes();
        seed = kube.client();
        client = kube.newClient();
        discovery = new InformerTargetDiscovery(client, TestTargetConfig.defaults(), Clock.systemUTC());
        discovery.start();
        signals = new ResourceSignals(discovery, new PodMetricsReader(client, Clock.systemUTC()), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        discovery.stop();
        client.close();
        kube.close();
    }

    private static Spec cpu(String scaledObject, int percent) {
        return new Spec(new ResourceQuery("cpu", NS, scaledObject, ResourceName.CPU, "", new ResourceTarget.Utilization(percent)));
    }

    private static Spec memory(String scaledObject, String perPod) throws QuantitySyntaxException {
        return new Spec(new ResourceQuery("memory", NS, scaledObject, ResourceName.MEMORY, "",
                new ResourceTarget.AverageValue(Quantity.parse(perPod))));
    }

    private Map<Spec, SignalOutcome> refresh(Spec... specs) {
        return refresh(Duration.ZERO, specs);
    }

    /** A refresh that reuses a PodMetrics list of the namespace younger than {@code metricsMaxAge}. */
    private Map<Spec, SignalOutcome> refresh(Duration metricsMaxAge, Spec... specs) {
        return signals.refresh(Set.of(specs), Spec::query, new ReplicaCalculator(Tolerances.both(0.1), Duration.ofMinutes(5),
                Duration.ofSeconds(30)), metricsMaxAge, RefreshDeadline.after(Duration.ofSeconds(10)));
    }

    /** The first refreshes of a namespace may find its caches still syncing. */
    private SignalOutcome eventually(Spec spec, Class<? extends SignalOutcome> expected) {
        await().atMost(30, TimeUnit.SECONDS).until(() -> expected.isInstance(refresh(spec).get(spec)));
        return refresh(spec).get(spec);
    }

    private void seedApi(int replicas, String cpuRequest, String cpuUsage, String memoryUsage, Instant metricsAt) {
        KubeObjects.createScaledObject(seed, NS, "api-so", null, null, "api");
        seed.resource(KubeObjects.deployment(NS, "api", replicas, API)).create();
        for (int i = 0; i < replicas; i++) {
            seed.resource(KubeObjects.pod(NS, "api-" + i, API, cpuRequest, "512Mi", STARTED)).create();
            seed.resource(KubeObjects.podMetrics(NS, "api-" + i, API, cpuUsage, memoryUsage, metricsAt)).create();
        }
        // another workload's pod and metrics in the same namespace, which must not count
        seed.resource(KubeObjects.pod(NS, "other-0", Map.of("app", "other"), "100m", "64Mi", STARTED)).create();
        seed.resource(KubeObjects.podMetrics(NS, "other-0", Map.of("app", "other"), "5", "8Gi", metricsAt)).create();
    }

    @Test
    void cpuUtilizationIsTheHpasFromPodMetricsAndRequests() {
        Instant metricsAt = Instant.now().minusSeconds(20);
        seedApi(2, "500m", "400000000n", "300Mi", metricsAt);

        SignalOutcome outcome = eventually(cpu("api-so", 50), SignalOutcome.Measured.class);

        SignalReading reading = ((SignalOutcome.Measured) outcome).reading();
        assertThat(reading.value()).isEqualTo(80);
        assertThat(reading.desiredReplicas()).isEqualTo(4);
        assertThat(reading.active()).isFalse();
        assertThat(reading.observedAt()).isEqualTo(metricsAt);
        assertThat(reading.coverage()).hasToString("2 of 2 pods");
        assertThat(reading.details()).containsEntry("target", "Deployment/api").containsEntry("currentReplicas", 2)
                .containsEntry("averageUsageMilli", 400L);
    }

    @Test
    void memoryAverageValueIsTheWorkingSetPerPod() throws QuantitySyntaxException {
        seedApi(3, "500m", "100m", "450Mi", Instant.now().minusSeconds(20));

        SignalOutcome outcome = eventually(memory("api-so", "300Mi"), SignalOutcome.Measured.class);

        SignalReading reading = ((SignalOutcome.Measured) outcome).reading();
        assertThat(reading.value()).isEqualTo(450.0 * 1024 * 1024);
        assertThat(reading.desiredReplicas()).isEqualTo(5);
    }

    @Test
    void aTargetAtZeroReplicasIsAbsent() {
        seedApi(0, "500m", "100m", "100Mi", Instant.now());

        assertThat(eventually(cpu("api-so", 50), SignalOutcome.Absent.class)).isInstanceOfSatisfying(SignalOutcome.Absent.class,
                absent -> assertThat(absent.reason()).startsWith("Deployment/api is scaled to zero"));
    }

    @Test
    void aMissingScaledObjectFailsNamingIt() {
        seedApi(1, "500m", "100m", "100Mi", Instant.now());
        eventually(cpu("api-so", 50), SignalOutcome.Measured.class);

        assertThat(refresh(cpu("gone-so", 50)).values()).singleElement().isEqualTo(new SignalOutcome.Failed("ScaledObject shop/gone-so not found"));
    }

    @Test
    void aContainerWithoutACpuRequestFailsNamingPodAndContainer() {
        seedApi(1, null, "100m", "100Mi", Instant.now());

        SignalOutcome outcome = eventually(cpu("api-so", 50), SignalOutcome.Failed.class);

        assertThat(((SignalOutcome.Failed) outcome).reason())
                .isEqualTo("cpu of Deployment/api (spec.replicas 1): container app of pod api-0 has no cpu request; utilization is a share "
                        + "of the request (set resources.requests.cpu)");
    }

    @Test
    void runningPodsWithoutPodMetricsFail() {
        KubeObjects.createScaledObject(seed, NS, "api-so", null, null, "api");
        seed.resource(KubeObjects.deployment(NS, "api", 1, API)).create();
        seed.resource(KubeObjects.pod(NS, "api-0", API, "500m", "512Mi", STARTED)).create();

        SignalOutcome outcome = eventually(cpu("api-so", 50), SignalOutcome.Failed.class);

        assertThat(((SignalOutcome.Failed) outcome).reason()).contains("returned no PodMetrics").contains("metrics-server");
    }

    @Test
    void podsThatAreAllStartingAreAbsentUntilOneIsReady() {
        KubeObjects.createScaledObject(seed, NS, "api-so", null, null, "api");
        seed.resource(KubeObjects.deployment(NS, "api", 1, API)).create();
        Pod starting = KubeObjects.withReadiness(KubeObjects.pod(NS, "api-0", API, "500m", "512Mi", Instant.now()), false, Instant.now());
        seed.resource(starting).create();

        assertThat(eventually(cpu("api-so", 50), SignalOutcome.Absent.class)).isInstanceOfSatisfying(SignalOutcome.Absent.class,
                absent -> assertThat(absent.reason()).contains("no pod is ready yet"));
    }

    @Test
    void afterSyncARefreshOfCpuAndMemoryMakesOnePodMetricsListPerNamespaceAndNoOtherRequest() throws Exception {
        seedApi(2, "500m", "400m", "300Mi", Instant.now().minusSeconds(20));
        Spec cpu = cpu("api-so", 50);
        Spec memory = memory("api-so", "300Mi");
        eventually(cpu, SignalOutcome.Measured.class);
        kube.takeRequests();

        Map<Spec, SignalOutcome> cpuOutcome = refresh(Duration.ZERO, cpu);
        Map<Spec, SignalOutcome> memoryOutcome = refresh(Duration.ofMinutes(1), memory);

        assertThat(cpuOutcome.get(cpu)).isInstanceOf(SignalOutcome.Measured.class);
        assertThat(memoryOutcome.get(memory)).isInstanceOf(SignalOutcome.Measured.class);
        List<String> requests = kube.takeRequests();
        assertThat(requests).containsExactly("GET /apis/metrics.k8s.io/v1beta1/namespaces/shop/pods");
    }
}
