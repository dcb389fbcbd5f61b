package io.fusionscaler.signal.queue;

import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.target.PodSelector;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * THE ADAPTER POINT. Stands in for {@link QueuePods} until an adapter over the shared target discovery (package
 * {@code io.fusionscaler.target}) exists: any other {@link QueuePods} bean replaces this one. Until then every queue
 * trigger fails with this reason, which answers become UNAVAILABLE naming the queue signal.
 */
@DefaultBean
@ApplicationScoped
public class UnconnectedQueuePods implements QueuePods {

    static final String REASON = "pod discovery is not connected in this build: the queue signal cannot find pods";

    @Override
    public PodLookup targetPods(String namespace, String scaledObject, RefreshDeadline deadline) {
        return new PodLookup.Unknown(REASON);
    }

    @Override
    public PodLookup selectedPods(String namespace, PodSelector selector, RefreshDeadline deadline) {
        return new PodLookup.Unknown(REASON);
    }
}
