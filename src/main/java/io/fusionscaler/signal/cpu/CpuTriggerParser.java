package io.fusionscaler.signal.cpu;

import io.fusionscaler.signal.InvalidMetadataException;
import io.fusionscaler.signal.SignalParser;
import io.fusionscaler.signal.TriggerContext;
import io.fusionscaler.signal.TriggerMetadata;
import io.fusionscaler.signal.hpa.ResourceKeys;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/** Reads {@code cpuTargetUtilization} (percent of requests, 1-1000) and {@code cpuContainerName} (one container). */
@ApplicationScoped
public class CpuTriggerParser implements SignalParser {

    static final String TARGET_UTILIZATION = "cpuTargetUtilization";
    static final String CONTAINER_NAME = "cpuContainerName";

    @Override
    public String signal() {
        return CpuTrigger.SIGNAL;
    }

    @Override
    public Set<String> keys() {
        return Set.of(TARGET_UTILIZATION, CONTAINER_NAME);
    }

    @Override
    public CpuTrigger parse(TriggerContext context) throws InvalidMetadataException {
        TriggerMetadata metadata = context.metadata();
        int utilization = ResourceKeys.utilization(metadata, TARGET_UTILIZATION).orElseThrow(() -> new InvalidMetadataException(
                TARGET_UTILIZATION, "is required to use the cpu signal (percent of the pods' CPU requests, 1-" + ResourceKeys.MAX_UTILIZATION + ")"));
        return new CpuTrigger(context.namespace(), context.scaledObject(), utilization, ResourceKeys.containerName(metadata, CONTAINER_NAME));
    }
}
