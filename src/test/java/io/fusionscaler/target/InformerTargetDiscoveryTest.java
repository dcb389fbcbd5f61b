package io.fusionscaler.target;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fusionscaler.signal.RefreshDeadline;
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

class InformerTargetDiscoveryTest {

    private static final String NS = "shop";
    private static final Map<String, String> API = Map.of("app", "api");
    private static final Instant STARTED = Instant.parse("2026-11-30T09:00:00Z");

    private MockKubernetes kube;
    private KubernetesClient seed;
    private KubernetesClient client;
    private InformerTargetDiscovery discovery;

    @BeforeEach
    void startServer() {
        kube = new MockKubernetes();
        seed = kube.client();
        client = kube.newClient();
    }

    @AfterEach
    void stop() {
        if (discovery != null) {
            discovery.stop();
        }
        client.close();
        kube.close();
    }

    private InformerTargetDiscovery discovery(TargetConfig config) {
        discovery = new InformerTargetDiscovery(client, config, Clock.systemUTC());
        discovery.start();
        return discovery;
    }

    private static RefreshDeadline deadline() {
        return RefreshDeadline.after(Duration.ofSeconds(10));
    }

    private void seedDeploymentWithPods(String namespace, String name, int replicas) {
        KubeObjects.createScaledObject(seed, namespace, name + "-so", null, null, name);
        seed.resource(KubeObjects.deployment(namespace, name, replicas, Map.of("app", name))).create();
        for (int i = 0; i < replicas; i++) {
            seed.resource(KubeObjects.pod(namespace, name + "-" + i, Map.of("app", name), "500m", "256Mi", STARTED)).create();
        }
        seed.resource(KubeObjects.pod(namespace, "other-0", Map.of("app", "other"), "1", "1Gi", STARTED)).create();
    }

    @Test
    void findsTheDeploymentOfAScaledObjectWithKedaDefaultsAndItsPods() {
        seedDeploymentWithPods(NS, "api", 3);

        discovery(TestTargetConfig.defaults());

        TargetLookup.Found found = eventuallyFound(NS, "api-so");
        assertThat(found.target().ref()).isEqualTo(new TargetRef("apps/v1", "Deployment", "api"));
        assertThat(found.target().specReplicas()).isEqualTo(3);
        assertThat(found.target().selector()).hasToString("app=api");
        assertThat(found.pods()).extracting(TargetPod::name).containsExactlyInAnyOrder("api-0", "api-1", "api-2");
        TargetPod pod = found.pods().get(0);
        assertThat(pod.serving()).isTrue();
        assertThat(pod.podIp()).isPresent();
        assertThat(pod.startTime()).contains(STARTED);
        assertThat(pod.containers()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("app");
            assertThat(c.requestsMilli()).containsEntry("cpu", 500L).containsEntry("memory", 256L * 1024 * 1024 * 1000);
        });
    }

    @Test
    void findsAStatefulSetTarget() {
        KubeObjects.createScaledObject(seed, NS, "db-so", "apps/v1", "StatefulSet", "db");
        seed.resource(KubeObjects.statefulSet(NS, "db", 2, Map.of("app", "db"))).create();
        seed.resource(KubeObjects.pod(NS, "db-0", Map.of("app", "db"), "1", "1Gi", STARTED)).create();

        discovery(TestTargetConfig.defaults());

        TargetLookup.Found found = eventuallyFound(NS, "db-so");
        assertThat(found.target().describe()).isEqualTo("StatefulSet/db (spec.replicas 2)");
        assertThat(found.pods()).extracting(TargetPod::name).containsExactly("db-0");
    }

    @Test
    void readsTheScaleSubresourceOfACustomScalableKind() {
        seed.resource(KubeObjects.rolloutDefinition()).create();
        KubeObjects.createScaledObject(seed, NS, "ro-so", KubeObjects.ROLLOUT_API_VERSION, "Rollout", "ro");
        KubeObjects.createRollout(seed, NS, "ro", 2, "app=ro,track in (stable)");
        seed.resource(KubeObjects.pod(NS, "ro-0", Map.of("app", "ro", "track", "stable"), "1", "1Gi", STARTED)).create();
        seed.resource(KubeObjects.pod(NS, "ro-canary", Map.of("app", "ro", "track", "canary"), "1", "1Gi", STARTED)).create();

        discovery(TestTargetConfig.defaults());

        TargetLookup.Found found = eventuallyFound(NS, "ro-so");
        assertThat(found.target().describe()).isEqualTo("Rollout/ro (spec.replicas 2)");
        assertThat(found.pods()).extracting(TargetPod::name).containsExactly("ro-0");
    }

    @Test
    void aMissingScaledObjectOrTargetIsUnavailableNamingIt() {
        KubeObjects.createScaledObject(seed, NS, "orphan-so", null, null, "gone");
        discovery(TestTargetConfig.defaults());
        await().atMost(30, TimeUnit.SECONDS).until(() -> discovery.target(NS, "nope", deadline()).toString().contains("not found"));

        assertThat(discovery.target(NS, "nope", deadline())).isEqualTo(new TargetLookup.Unavailable("ScaledObject shop/nope not found"));
        assertThat(discovery.target(NS, "orphan-so", deadline())).isInstanceOfSatisfying(TargetLookup.Unavailable.class,
                u -> assertThat(u.reason()).isEqualTo("Deployment shop/gone not found (scaleTargetRef of ScaledObject shop/orphan-so)"));
    }

    @Test
    void watchEventsDriveTheAnswers() {
        seedDeploymentWithPods(NS, "api", 2);
        discovery(TestTargetConfig.defaults());
        assertThat(eventuallyFound(NS, "api-so").pods()).hasSize(2);

        Pod starting = KubeObjects.withReadiness(KubeObjects.pod(NS, "api-2", Map.of("app", "api"), "500m", "256Mi", STARTED), false, STARTED);
        seed.resource(starting).create();
        await().atMost(10, TimeUnit.SECONDS).until(() -> found(discovery.target(NS, "api-so", deadline())).pods().size() == 3);
        assertThat(pod("api-2").serving()).isFalse();

        seed.resource(KubeObjects.withReadiness(starting, true, Instant.now())).update();
        await().atMost(10, TimeUnit.SECONDS).until(() -> pod("api-2").serving());

        seed.pods().inNamespace(NS).withName("api-0").delete();
        await().atMost(10, TimeUnit.SECONDS).until(() -> found(discovery.target(NS, "api-so", deadline())).pods().stream()
                .noneMatch(p -> p.name().equals("api-0")));

        seed.apps().deployments().inNamespace(NS).withName("api").edit(d -> { d.getSpec().setReplicas(0); return d; });
        await().atMost(10, TimeUnit.SECONDS).until(() -> found(discovery.target(NS, "api-so", deadline())).target().scaledToZero());
    }

    @Test
    void afterTheCachesSyncedALookupMakesNoApiRequest() throws InterruptedException {
        seedDeploymentWithPods(NS, "api", 3);
        discovery(TestTargetConfig.defaults());
        eventuallyFound(NS, "api-so");
        List<String> syncRequests = kube.takeRequests();
        assertThat(syncRequests).anyMatch(r -> r.startsWith("GET /apis/keda.sh/v1alpha1/namespaces/shop/scaledobjects"))
                .anyMatch(r -> r.startsWith("GET /api/v1/namespaces/shop/pods"))
                .anyMatch(r -> r.startsWith("GET /apis/apps/v1/namespaces/shop/deployments"));

        for (int i = 0; i < 50; i++) {
            assertThat(discovery.target(NS, "api-so", deadline())).isInstanceOf(TargetLookup.Found.class);
            assertThat(discovery.pods(NS, PodSelector.everything(), deadline())).isInstanceOf(PodsLookup.Found.class);
        }
        assertThat(kube.takeRequests()).isEmpty();
    }

    @Test
    void findsPodsBySelectorForOtherSignals() throws SelectorSyntaxException {
        seedDeploymentWithPods(NS, "api", 2);
        discovery(TestTargetConfig.defaults());
        await().atMost(30, TimeUnit.SECONDS).until(() -> discovery.pods(NS, PodSelector.everything(), deadline()) instanceof PodsLookup.Found);

        PodsLookup lookup = discovery.pods(NS, PodSelector.parse("app in (api,other),app!=api"), deadline());

        assertThat(lookup).isInstanceOfSatisfying(PodsLookup.Found.class,
                found -> assertThat(found.pods()).extracting(TargetPod::name).containsExactly("other-0"));
    }

    @Test
    void aNamespaceTheScalerDoesNotWatchIsRefused() {
        seedDeploymentWithPods(NS, "api", 1);
        discovery(TestTargetConfig.defaults().withNamespaces(Set.of("billing")));

        assertThat(discovery.target(NS, "api-so", deadline())).isEqualTo(new TargetLookup.Unavailable(
                "namespace shop is not watched by this scaler (fusion.target.namespaces = [billing])"));
    }

    @Test
    void aClusterWideWatchServesEveryNamespace() {
        seedDeploymentWithPods(NS, "api", 1);
        seedDeploymentWithPods("billing", "pay", 2);
        discovery(TestTargetConfig.defaults().withScope(TargetConfig.WatchScope.CLUSTER));

        assertThat(eventuallyFound(NS, "api-so").pods()).extracting(TargetPod::name).containsExactly("api-0");
        assertThat(eventuallyFound("billing", "pay-so").pods()).hasSize(2);
    }

    @Test
    void anUnreachableApiServerIsUnavailableNamingTheWatch() throws java.io.IOException {
        KubernetesClient nowhere = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + closedPort()).withRequestRetryBackoffLimit(0).build()).build();
        try {
            InformerTargetDiscovery unreachable = new InformerTargetDiscovery(nowhere, TestTargetConfig.defaults(), Clock.systemUTC());
            unreachable.start();
            TargetLookup lookup = unreachable.target(NS, "api-so", RefreshDeadline.after(Duration.ofSeconds(2)));
            unreachable.stop();
            assertThat(lookup).isInstanceOfSatisfying(TargetLookup.Unavailable.class, u -> assertThat(u.reason())
                    .startsWith("cannot read ScaledObject shop/api-so: the watch of ScaledObjects in namespace shop has not synced"));
        } finally {
            nowhere.close();
        }
    }

    @Test
    void aLookupBeforeTheScalerRoleStartedIsUnavailable() {
        InformerTargetDiscovery idle = new InformerTargetDiscovery(client, TestTargetConfig.defaults(), Clock.systemUTC());
        assertThat(idle.target(NS, "x", deadline())).isInstanceOf(TargetLookup.Unavailable.class);
    }

    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private TargetPod pod(String name) {
        return found(discovery.target(NS, "api-so", deadline())).pods().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** The first lookups of a namespace may find its caches still syncing (slow on a loaded machine). */
    private TargetLookup.Found eventuallyFound(String namespace, String scaledObject) {
        await().atMost(30, TimeUnit.SECONDS).until(() -> discovery.target(namespace, scaledObject, deadline()) instanceof TargetLookup.Found);
        return found(discovery.target(namespace, scaledObject, deadline()));
    }

    private static TargetLookup.Found found(TargetLookup lookup) {
        assertThat(lookup).isInstanceOf(TargetLookup.Found.class);
        return (TargetLookup.Found) lookup;
    }

}
