package io.fusionscaler.signal.queue;

import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.target.PodSelector;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Target discovery as a test scripts it: targets (by namespace and ScaledObject) with a replica count and pods, and
 * pods with labels per namespace that selectors pick from. Also the {@link QueuePods} bean of @QuarkusTest runs.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ScriptedQueuePods implements QueuePods {

    private record Labelled(QueuePod pod, Map<String, String> labels) {
    }

    private final Map<String, PodLookup> targets = new ConcurrentHashMap<>();
    private final Map<String, List<Labelled>> labelled = new ConcurrentHashMap<>();

    void target(String namespace, String scaledObject, int replicas, List<QueuePod> pods) {
        targets.put(namespace + "/" + scaledObject, replicas == 0
                ? new PodLookup.ScaledToZero("Deployment/" + scaledObject)
                : new PodLookup.Found(pods, OptionalInt.of(replicas)));
    }

    void unknownTarget(String namespace, String scaledObject, String reason) {
        targets.put(namespace + "/" + scaledObject, new PodLookup.Unknown(reason));
    }

    /** Replaces the namespace's labelled pods. */
    void pods(String namespace, Map<String, String> labels, List<QueuePod> pods) {
        labelled.put(namespace, pods.stream().map(p -> new Labelled(p, labels)).toList());
    }

    @Override
    public PodLookup targetPods(String namespace, String scaledObject, RefreshDeadline deadline) {
        return targets.getOrDefault(namespace + "/" + scaledObject,
                new PodLookup.Unknown("ScaledObject " + namespace + "/" + scaledObject + " not found"));
    }

    @Override
    public PodLookup selectedPods(String namespace, PodSelector selector, RefreshDeadline deadline) {
        List<QueuePod> matching = labelled.getOrDefault(namespace, List.of()).stream()
                .filter(l -> selector.matches(l.labels())).map(Labelled::pod).toList();
        return new PodLookup.Found(matching, OptionalInt.empty());
    }
}
