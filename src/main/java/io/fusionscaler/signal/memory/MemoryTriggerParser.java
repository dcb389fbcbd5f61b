package io.fusionscaler.signal.memory;

import io.fusionscaler.signal.InvalidMetadataException;
import io.fusionscaler.signal.SignalParser;
import io.fusionscaler.signal.TriggerContext;
import io.fusionscaler.signal.TriggerMetadata;
import io.fusionscaler.signal.hpa.ResourceKeys;
import io.fusionscaler.signal.hpa.ResourceTarget;
import io.fusionscaler.target.Quantity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code memoryTargetUtilization} (percent of requests, 1-1000) or {@code memoryTargetAverageValue} (a quantity per
 * pod, e.g. {@code 300Mi}), exactly one of them, and {@code memoryContainerName} (one container).
 */
@ApplicationScoped
public class MemoryTriggerParser implements SignalParser {

    static final String TARGET_UTILIZATION = "memoryTargetUtilization";
    static final String TARGET_AVERAGE_VALUE = "memoryTargetAverageValue";
    static final String CONTAINER_NAME = "memoryContainerName";

    @Override
    public String signal() {
        return MemoryTrigger.SIGNAL;
    }

    @Override
    public Set<String> keys() {
        return Set.of(TARGET_UTILIZATION, TARGET_AVERAGE_VALUE, CONTAINER_NAME);
    }

    @Override
    public MemoryTrigger parse(TriggerContext context) throws InvalidMetadataException {
        TriggerMetadata metadata = context.metadata();
        Optional<Integer> utilization = ResourceKeys.utilization(metadata, TARGET_UTILIZATION);
        Optional<Quantity> averageValue = ResourceKeys.positiveQuantity(metadata, TARGET_AVERAGE_VALUE);
        if (utilization.isPresent() && averageValue.isPresent()) {
            throw new InvalidMetadataException(TARGET_AVERAGE_VALUE, "set either " + TARGET_UTILIZATION + " or "
                    + TARGET_AVERAGE_VALUE + ", not both");
        }
        if (utilization.isEmpty() && averageValue.isEmpty()) {
            throw new InvalidMetadataException(TARGET_UTILIZATION, "the memory signal needs " + TARGET_UTILIZATION
                    + " (percent of the pods' memory requests, 1-" + ResourceKeys.MAX_UTILIZATION + ") or " + TARGET_AVERAGE_VALUE
                    + " (working set per pod, e.g. 300Mi)");
        }
        ResourceTarget target = utilization.<ResourceTarget>map(ResourceTarget.Utilization::new)
                .orElseGet(() -> new ResourceTarget.AverageValue(averageValue.get()));
        return new MemoryTrigger(context.namespace(), context.scaledObject(), target, ResourceKeys.containerName(metadata, CONTAINER_NAME));
    }
}
