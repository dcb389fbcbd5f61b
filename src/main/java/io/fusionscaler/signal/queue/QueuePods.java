package io.fusionscaler.signal.queue;

import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.target.PodSelector;

/**
 * What the queue signal needs from target discovery: the pods to scrape. The only link between this package and
 * Kubernetes; {@link TargetQueuePods} answers it from the shared target discovery (package {@code io.fusionscaler.target}).
 *
 * <p>Both methods are called on the engine's refresh workers, once per trigger and refresh, so they must answer from
 * memory (informer caches): no API request per call. They wait, at most until the refresh's {@code deadline}, only
 * while a namespace's caches sync for the first time. They never throw: trouble is {@link PodLookup.Unknown}.
 */
public interface QueuePods {

    /**
     * The pods of the workload that ScaledObject {@code namespace/scaledObject} scales: ScaledObject →
     * {@code spec.scaleTargetRef} → the target's {@code /scale} ({@code status.selector}, {@code spec.replicas}) → the
     * namespace's pods matching that selector.
     *
     * @return {@link PodLookup.Found} with the pods and the target's {@code spec.replicas};
     *         {@link PodLookup.ScaledToZero} when {@code spec.replicas} is 0 (whatever pods still linger);
     *         {@link PodLookup.Unknown} when the ScaledObject or the target is missing, the caches have not synced, or the
     *         API server is unreachable
     */
    PodLookup targetPods(String namespace, String scaledObject, RefreshDeadline deadline);

    /**
     * The pods of {@code namespace} whose labels match {@code selector}.
     *
     * @return {@link PodLookup.Found} (possibly with no pod: nobody matches), without a replica count; or
     *         {@link PodLookup.Unknown} when the caches have not synced or the API server is unreachable
     */
    PodLookup selectedPods(String namespace, PodSelector selector, RefreshDeadline deadline);
}
