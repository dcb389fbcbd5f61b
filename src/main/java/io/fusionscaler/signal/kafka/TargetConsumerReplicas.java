package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.target.TargetDiscovery;
import io.fusionscaler.target.TargetLookup;
import io.fusionscaler.target.TargetPod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@link ConsumerReplicas} from the shared target discovery (its watch caches answer, no API call once a namespace has
 * synced): the target's serving pods (running, ready, not terminating). Pods still starting consume nothing yet, so
 * counting them would lower the processing rate per replica just when a scale-up is under way.
 */
@ApplicationScoped
public class TargetConsumerReplicas implements ConsumerReplicas {

    private final TargetDiscovery targets;

    @Inject
    public TargetConsumerReplicas(TargetDiscovery targets) {
        this.targets = targets;
    }

    @Override
    public Count count(String namespace, String scaledObject, RefreshDeadline deadline) {
        TargetLookup lookup = targets.target(namespace, scaledObject, deadline);
        if (lookup instanceof TargetLookup.Unavailable unavailable) {
            return new Count.Unknown(unavailable.reason());
        }
        TargetLookup.Found found = (TargetLookup.Found) lookup;
        int serving = (int) found.pods().stream().filter(TargetPod::serving).count();
        return new Count.Known(serving, found.target().describe() + ", serving pods");
    }
}
