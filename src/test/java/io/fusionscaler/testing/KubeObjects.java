package io.fusionscaler.testing;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders of the API objects the Kubernetes-aware tests seed the mock API server with. */
public final class KubeObjects {

    /** The custom scalable kind of the tests, shaped like an Argo Rollout: spec.replicas, status.replicas, status.selector. */
    public static final String ROLLOUT_API_VERSION = "argoproj.io/v1alpha1";

    public static final ResourceDefinitionContext SCALED_OBJECTS = new ResourceDefinitionContext.Builder().withGroup("keda.sh")
            .withVersion("v1alpha1").withKind("ScaledObject").withPlural("scaledobjects").withNamespaced(true).build();
    public static final ResourceDefinitionContext ROLLOUTS = new ResourceDefinitionContext.Builder().withGroup("argoproj.io")
            .withVersion("v1alpha1").withKind("Rollout").withPlural("rollouts").withNamespaced(true).build();

    private KubeObjects() {
    }

    /** Creates a ScaledObject (see {@link #scaledObject}). */
    public static void createScaledObject(KubernetesClient client, String namespace, String name, String apiVersion, String kind,
                                          String target) {
        client.genericKubernetesResources(SCALED_OBJECTS).inNamespace(namespace)
                .resource(scaledObject(namespace, name, apiVersion, kind, target)).create();
    }

    /** Creates a Rollout-like object (see {@link #rollout}). */
    public static void createRollout(KubernetesClient client, String namespace, String name, int replicas, String selector) {
        client.genericKubernetesResources(ROLLOUTS).inNamespace(namespace).resource(rollout(namespace, name, replicas, selector)).create();
    }

    /** A ScaledObject whose scaleTargetRef leaves apiVersion and kind to KEDA's defaults when they are null. */
    public static GenericKubernetesResource scaledObject(String namespace, String name, String apiVersion, String kind, String target) {
        Map<String, Object> ref = new LinkedHashMap<>();
        if (apiVersion != null) {
            ref.put("apiVersion", apiVersion);
        }
        if (kind != null) {
            ref.put("kind", kind);
        }
        ref.put("name", target);
        return new GenericKubernetesResourceBuilder().withApiVersion("keda.sh/v1alpha1").withKind("ScaledObject")
                .withMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build())
                .withAdditionalProperties(Map.of("spec", Map.of("scaleTargetRef", ref))).build();
    }

    public static Deployment deployment(String namespace, String name, int replicas, Map<String, String> selector) {
        return new DeploymentBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(selector).endMetadata().endTemplate().endSpec()
                .withNewStatus().withReplicas(replicas).endStatus().build();
    }

    public static StatefulSet statefulSet(String namespace, String name, int replicas, Map<String, String> selector) {
        return new StatefulSetBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(selector).endSelector().endSpec()
                .withNewStatus().withReplicas(replicas).endStatus().build();
    }

    /** The CRD of the Rollout-like kind, so the mock server's discovery serves it. */
    public static CustomResourceDefinition rolloutDefinition() {
        return new CustomResourceDefinitionBuilder().withNewMetadata().withName("rollouts.argoproj.io").endMetadata()
                .withNewSpec().withGroup("argoproj.io").withScope("Namespaced")
                .withNewNames().withKind("Rollout").withPlural("rollouts").withSingular("rollout").endNames()
                .addNewVersion().withName("v1alpha1").withServed(true).withStorage(true)
                .withNewSubresources().withNewScale().withSpecReplicasPath(".spec.replicas")
                .withStatusReplicasPath(".status.replicas").withLabelSelectorPath(".status.selector").endScale()
                .endSubresources().endVersion().endSpec().build();
    }

    /** A Rollout-like object; the mock server answers its /scale GET with the object, which reads as a Scale. */
    public static GenericKubernetesResource rollout(String namespace, String name, int replicas, String selector) {
        return new GenericKubernetesResourceBuilder().withApiVersion(ROLLOUT_API_VERSION).withKind("Rollout")
                .withMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build())
                .withAdditionalProperties(Map.of("spec", Map.of("replicas", replicas),
                        "status", Map.of("replicas", replicas, "selector", selector))).build();
    }

    /** A running, ready pod whose containers request {@code cpu} and {@code memory} (null: no request). */
    public static Pod pod(String namespace, String name, Map<String, String> labels, String cpu, String memory, Instant startedAt) {
        Map<String, Quantity> requests = new LinkedHashMap<>();
        if (cpu != null) {
            requests.put("cpu", new Quantity(cpu));
        }
        if (memory != null) {
            requests.put("memory", new Quantity(memory));
        }
        return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("app").withNewResources().withRequests(requests)
                        .endResources().build()).endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.0.0." + (Math.abs(name.hashCode()) % 250 + 1))
                .withStartTime(startedAt.toString())
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus("True")
                        .withLastTransitionTime(startedAt.toString()).build())
                .endStatus().build();
    }

    /** The same pod with its Ready condition set to {@code ready} at {@code at}. */
    public static Pod withReadiness(Pod pod, boolean ready, Instant at) {
        return new PodBuilder(pod).editStatus().withConditions(new PodConditionBuilder().withType("Ready")
                .withStatus(ready ? "True" : "False").withLastTransitionTime(at.toString()).build()).endStatus().build();
    }

    /** PodMetrics of a one-container pod ("app") with the pod's labels, as metrics-server serves them. */
    public static PodMetrics podMetrics(String namespace, String pod, Map<String, String> labels, String cpu, String memory,
                                        Instant timestamp) {
        return new PodMetricsBuilder().withNewMetadata().withNamespace(namespace).withName(pod).withLabels(labels).endMetadata()
                .withTimestamp(timestamp.toString()).withWindow(new io.fabric8.kubernetes.api.model.Duration(java.time.Duration.ofSeconds(15)))
                .withContainers(List.of(new ContainerMetricsBuilder().withName("app")
                        .withUsage(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory))).build()))
                .build();
    }
}
