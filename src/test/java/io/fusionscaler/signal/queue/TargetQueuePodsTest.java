package io.fusionscaler.signal.queue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.target.InformerTargetDiscovery;
import io.fusionscaler.target.PodSelector;
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
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The queue signal's pods from the shared target discovery, against the fabric8 mock API server in CRUD mode. */
class TargetQueuePodsTest {

    private static final String NS = "shop";
    private static final Map<String, String> MODEL = Map.of("app", "model");
    private static final Map<String, String> GATEWAY = Map.of("app", "gateway");
    private static final Instant STARTED = Instant.parse("2026-11-30T09:00:00Z");

    private MockKubernetes kube;
    private KubernetesClient seed;
    private KubernetesClient client;
    private InformerTargetDiscovery discovery;
    private TargetQueuePods pods;

    @BeforeEach
    void start() {
        kube = new MockKubernetes();
        seed = kube.client();
        client = kube.newClient();
        discovery = new InformerTargetDiscovery(client, TestTargetConfig.defaults(), Clock.systemUTC());
        discovery.start();
        pods = new TargetQueuePods(discovery);
    }

    @AfterEach
    void stop() {
        discovery.stop();
        client.close();
        kube.close();
    }

    private static RefreshDeadline deadline() {
        return RefreshDeadline.after(Duration.ofSeconds(10));
    }

    private static Pod running(String name, Map<String, String> labels) {
        return KubeObjects.pod(NS, name, labels, "500m", "256Mi", STARTED);
    }

    private static Pod pending(String name, Map<String, String> labels) {
        return new PodBuilder().withNewMetadata().withNamespace(NS).withName(name).withLabels(labels).endMetadata()
                .withNewStatus().withPhase("Pending").endStatus().build();
    }

    private static Pod inPhase(Pod pod, String phase) {
        return new PodBuilder(pod).editStatus().withPhase(phase).endStatus().build();
    }

    /** Creates the pod held by a finalizer and deletes it: the API server then only sets its deletion timestamp. */
    private Pod createTerminating(Pod pod) {
        seed.resource(new PodBuilder(pod).editMetadata().addToFinalizers("example.com/drain").endMetadata().build()).create();
        seed.pods().inNamespace(NS).withName(pod.getMetadata().getName()).delete();
        Pod deleting = seed.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
        assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
        return deleting;
    }

    private static String ip(Pod pod) {
        return pod.getStatus().getPodIP();
    }

    /** The first lookups of a namespace may find its caches still syncing (slow on a loaded machine). */
    private static PodLookup eventually(Supplier<PodLookup> lookup, Class<? extends PodLookup> expected) {
        await().atMost(30, TimeUnit.SECONDS).until(() -> expected.isInstance(lookup.get()));
        return lookup.get();
    }

    @Test
    void theTargetsPodsComeWithTheirStateAndAddressAndTheTargetsReplicas() {
        KubeObjects.createScaledObject(seed, NS, "model-so", null, null, "model");
        seed.resource(KubeObjects.deployment(NS, "model", 4, MODEL)).create();
        Pod serving = running("model-0", MODEL);
        seed.resource(serving).create();
        Pod draining = createTerminating(running("model-1", MODEL));
        seed.resource(pending("model-2", MODEL)).create();
        Pod succeeded = inPhase(running("model-3", MODEL), "Succeeded");
        Pod failed = inPhase(running("model-4", MODEL), "Failed");
        seed.resource(succeeded).create();
        seed.resource(failed).create();
        seed.resource(inPhase(pending("model-5", MODEL), "Unknown")).create();
        seed.resource(running("gateway-0", GATEWAY)).create();

        eventually(() -> pods.targetPods(NS, "model-so", deadline()), PodLookup.Found.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ((PodLookup.Found) pods.targetPods(NS, "model-so", deadline())).pods().stream()
                .anyMatch(pod -> pod.state() == QueuePod.State.TERMINATING));

        PodLookup.Found found = (PodLookup.Found) pods.targetPods(NS, "model-so", deadline());
        assertThat(found.replicas()).isEqualTo(OptionalInt.of(4));
        assertThat(found.pods()).containsExactlyInAnyOrder(
                new QueuePod("model-0", ip(serving), QueuePod.State.RUNNING),
                new QueuePod("model-1", ip(draining), QueuePod.State.TERMINATING),
                new QueuePod("model-2", "", QueuePod.State.PENDING),
                new QueuePod("model-3", ip(succeeded), QueuePod.State.FINISHED),
                new QueuePod("model-4", ip(failed), QueuePod.State.FINISHED),
                new QueuePod("model-5", "", QueuePod.State.PENDING));
        assertThat(found.pods()).filteredOn(QueuePod::scrapable).extracting(QueuePod::name).containsExactly("model-0");
    }

    @Test
    void aTargetAtZeroReplicasIsScaledToZeroNamingItWhateverPodsLinger() {
        KubeObjects.createScaledObject(seed, NS, "model-so", null, null, "model");
        seed.resource(KubeObjects.deployment(NS, "model", 0, MODEL)).create();
        createTerminating(running("model-0", MODEL));

        PodLookup lookup = eventually(() -> pods.targetPods(NS, "model-so", deadline()), PodLookup.ScaledToZero.class);

        assertThat(lookup).isEqualTo(new PodLookup.ScaledToZero("Deployment/model"));
    }

    @Test
    void aMissingScaledObjectOrTargetIsUnknownNamingIt() {
        KubeObjects.createScaledObject(seed, NS, "orphan-so", null, null, "gone");

        await().atMost(30, TimeUnit.SECONDS).until(() -> pods.targetPods(NS, "nope", deadline()).toString().contains("not found"));

        assertThat(pods.targetPods(NS, "nope", deadline())).isEqualTo(new PodLookup.Unknown("ScaledObject shop/nope not found"));
        assertThat(pods.targetPods(NS, "orphan-so", deadline())).isEqualTo(
                new PodLookup.Unknown("Deployment shop/gone not found (scaleTargetRef of ScaledObject shop/orphan-so)"));
    }

    @Test
    void aSelectorPicksPodsOfTheNamespaceWithoutAReplicaCount() throws Exception {
        Pod gateway = running("gateway-0", GATEWAY);
        seed.resource(gateway).create();
        seed.resource(pending("gateway-1", GATEWAY)).create();
        seed.resource(running("model-0", MODEL)).create();
        seed.resource(KubeObjects.pod("billing", "gateway-9", GATEWAY, "1", "1Gi", STARTED)).create();

        PodSelector gateways = PodSelector.parse("app in (gateway,edge)");
        PodLookup lookup = eventually(() -> pods.selectedPods(NS, gateways, deadline()), PodLookup.Found.class);

        PodLookup.Found found = (PodLookup.Found) lookup;
        assertThat(found.replicas()).isEmpty();
        assertThat(found.pods()).containsExactlyInAnyOrder(new QueuePod("gateway-0", ip(gateway), QueuePod.State.RUNNING),
                new QueuePod("gateway-1", "", QueuePod.State.PENDING));
        assertThat(pods.selectedPods(NS, PodSelector.parse("app=nobody"), deadline()))
                .isEqualTo(new PodLookup.Found(List.of(), OptionalInt.empty()));
    }

    @Test
    void aNamespaceTheScalerDoesNotWatchIsUnknownForBothLookups() throws Exception {
        discovery.stop();
        discovery = new InformerTargetDiscovery(client, TestTargetConfig.defaults().withNamespaces(Set.of("billing")),
                Clock.systemUTC());
        discovery.start();
        pods = new TargetQueuePods(discovery);
        String reason = "namespace shop is not watched by this scaler (fusion.target.namespaces = [billing])";

        assertThat(pods.targetPods(NS, "model-so", deadline())).isEqualTo(new PodLookup.Unknown(reason));
        assertThat(pods.selectedPods(NS, PodSelector.parse("app=gateway"), deadline())).isEqualTo(new PodLookup.Unknown(reason));
    }
}
