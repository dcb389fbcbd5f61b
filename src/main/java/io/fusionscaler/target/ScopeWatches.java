package io.fusionscaler.target;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The watches of one namespace (or of the whole cluster, namespace null), each started the first time a lookup needs
 * it: ScaledObjects and pods for any pod-based trigger, a workload kind only once a target of that kind is looked up.
 */
final class ScopeWatches {

    static final ResourceDefinitionContext SCALED_OBJECT = new ResourceDefinitionContext.Builder()
            .withGroup("keda.sh").withVersion("v1alpha1").withKind("ScaledObject").withPlural("scaledobjects")
            .withNamespaced(true).build();

    private final KubernetesClient client;
    private final String namespace;
    private final WatchSettings settings;
    private Watch<GenericKubernetesResource, Read<TargetRef>> scaledObjects;
    private Watch<Pod, TargetPod> pods;
    private final Map<Workload, Watch<?, Read<ScaleState>>> workloads = new EnumMap<>(Workload.class);
    private boolean stopped;

    ScopeWatches(KubernetesClient client, String namespace, WatchSettings settings) {
        this.client = client;
        this.namespace = namespace;
        this.settings = settings;
    }

    /** Starts the pods' watch too: every target lookup needs it next, so both sync at once. */
    synchronized Watch<GenericKubernetesResource, Read<TargetRef>> scaledObjects() {
        if (scaledObjects == null) {
            checkRunning();
            pods();
            scaledObjects = settings.start("ScaledObjects in " + WatchSettings.where(namespace),
                    client.genericKubernetesResources(SCALED_OBJECT), namespace, ApiObjects::scaleTargetRef,
                    GenericKubernetesResource::new);
        }
        return scaledObjects;
    }

    synchronized Watch<Pod, TargetPod> pods() {
        if (pods == null) {
            checkRunning();
            pods = settings.start("pods in " + WatchSettings.where(namespace), client.pods(), namespace, ApiObjects::pod, Pod::new);
        }
        return pods;
    }

    synchronized Watch<?, Read<ScaleState>> workloads(Workload workload) {
        checkRunning();
        return workloads.computeIfAbsent(workload, w -> w.watch(client, namespace, settings));
    }

    synchronized void stop() {
        stopped = true;
        List<Watch<?, ?>> all = new ArrayList<>(workloads.values());
        if (scaledObjects != null) {
            all.add(scaledObjects);
        }
        if (pods != null) {
            all.add(pods);
        }
        all.forEach(Watch::stop);
    }

    private void checkRunning() {
        if (stopped) {
            throw new IllegalStateException("target discovery has stopped");
        }
    }
}
