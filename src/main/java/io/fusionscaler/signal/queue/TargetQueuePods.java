package io.fusionscaler.signal.queue;

import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.target.PodSelector;
import io.fusionscaler.target.PodsLookup;
import io.fusionscaler.target.ScaleTarget;
import io.fusionscaler.target.TargetDiscovery;
import io.fusionscaler.target.TargetLookup;
import io.fusionscaler.target.TargetPod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.OptionalInt;

/**
 * {@link QueuePods} over the shared target discovery: its watch caches answer, so a lookup makes no API call once a
 * namespace's caches have synced. Maps discovery's pods to the queue signal's view of them and its answers to
 * {@link PodLookup}.
 */
@ApplicationScoped
public class TargetQueuePods implements QueuePods {

    private final TargetDiscovery targets;

    @Inject
    public TargetQueuePods(TargetDiscovery targets) {
        this.targets = targets;
    }

    @Override
    public PodLookup targetPods(String namespace, String scaledObject, RefreshDeadline deadline) {
        TargetLookup lookup = targets.target(namespace, scaledObject, deadline);
        if (lookup instanceof TargetLookup.Unavailable unavailable) {
            return new PodLookup.Unknown(unavailable.reason());
        }
        TargetLookup.Found found = (TargetLookup.Found) lookup;
        ScaleTarget target = found.target();
        if (target.scaledToZero()) {
            return new PodLookup.ScaledToZero(target.ref().toString());
        }
        return new PodLookup.Found(queuePods(found.pods()), OptionalInt.of(target.specReplicas()));
    }

    @Override
    public PodLookup selectedPods(String namespace, PodSelector selector, RefreshDeadline deadline) {
        PodsLookup lookup = targets.pods(namespace, selector, deadline);
        if (lookup instanceof PodsLookup.Unavailable unavailable) {
            return new PodLookup.Unknown(unavailable.reason());
        }
        return new PodLookup.Found(queuePods(((PodsLookup.Found) lookup).pods()), OptionalInt.empty());
    }

    private static List<QueuePod> queuePods(List<TargetPod> pods) {
        return pods.stream().map(TargetQueuePods::queuePod).toList();
    }

    private static QueuePod queuePod(TargetPod pod) {
        return new QueuePod(pod.name(), pod.podIp().orElse(""), state(pod));
    }

    /** A deletion timestamp wins over the phase: a draining pod gets no new work, whatever it still runs. */
    private static QueuePod.State state(TargetPod pod) {
        if (pod.deleting()) {
            return QueuePod.State.TERMINATING;
        }
        return switch (pod.phase()) {
            case RUNNING -> QueuePod.State.RUNNING;
            case SUCCEEDED, FAILED -> QueuePod.State.FINISHED;
            case PENDING, UNKNOWN -> QueuePod.State.PENDING;
        };
    }
}
