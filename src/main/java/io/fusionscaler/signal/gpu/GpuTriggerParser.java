package io.fusionscaler.signal.gpu;

import io.fusionscaler.signal.Excerpt;
import io.fusionscaler.signal.GoDuration;
import io.fusionscaler.signal.InvalidMetadataException;
import io.fusionscaler.signal.SignalParser;
import io.fusionscaler.signal.TriggerContext;
import io.fusionscaler.signal.TriggerMetadata;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code gpuTargetUtilization} (percent 1-100, turns the signal on), {@code gpuActivationUtilization} (percent
 * 0-100, default 0) and {@code gpuIdleAfter} (a Go duration, default 5m, at most 24h). Pure: the agents are asked at
 * refresh time.
 */
@ApplicationScoped
public class GpuTriggerParser implements SignalParser {

    static final String TARGET_UTILIZATION = "gpuTargetUtilization";
    static final String ACTIVATION_UTILIZATION = "gpuActivationUtilization";
    static final String IDLE_AFTER = "gpuIdleAfter";
    static final Set<String> KEYS = Set.of(TARGET_UTILIZATION, ACTIVATION_UTILIZATION, IDLE_AFTER);
    static final Duration DEFAULT_IDLE_AFTER = Duration.ofMinutes(5);
    static final Duration MAX_IDLE_AFTER = Duration.ofHours(24);

    @Override
    public String signal() {
        return GpuTrigger.SIGNAL;
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public GpuTrigger parse(TriggerContext context) throws InvalidMetadataException {
        TriggerMetadata metadata = context.metadata();
        if (metadata.string(TARGET_UTILIZATION).isEmpty()) {
            String other = metadata.has(ACTIVATION_UTILIZATION) ? ACTIVATION_UTILIZATION : metadata.has(IDLE_AFTER) ? IDLE_AFTER : null;
            if (other != null) {
                throw metadata.invalid(other, "needs " + TARGET_UTILIZATION + " (the GPU utilization one replica should run at, "
                        + "percent 1-100), which turns the gpu signal on");
            }
            throw metadata.invalid(TARGET_UTILIZATION, "is required to use the gpu signal (percent of GPU utilization per pod, 1-100)");
        }
        int target = percent(metadata, TARGET_UTILIZATION, 1, 0);
        int activation = percent(metadata, ACTIVATION_UTILIZATION, 0, 0);
        return new GpuTrigger(context.namespace(), context.scaledObject(), target, activation, idleAfter(metadata));
    }

    private static int percent(TriggerMetadata metadata, String key, int min, int defaultValue) throws InvalidMetadataException {
        long value = metadata.longValue(key, defaultValue);
        if (value < min || value > 100) {
            throw metadata.invalid(key, "must be an integer percentage of GPU utilization between " + min + " and 100, got " + value);
        }
        return (int) value;
    }

    private static Duration idleAfter(TriggerMetadata metadata) throws InvalidMetadataException {
        Optional<String> text = metadata.string(IDLE_AFTER);
        if (text.isEmpty()) {
            return DEFAULT_IDLE_AFTER;
        }
        Duration duration = GoDuration.parse(text.get()).orElseThrow(() -> metadata.invalid(IDLE_AFTER,
                "must be a duration such as 5m, 90s or 1h30m (units ns, us, ms, s, m, h), got " + Excerpt.quoted(text.get())));
        if (duration.isNegative()) {
            throw metadata.invalid(IDLE_AFTER, "must not be negative, got " + Excerpt.quoted(text.get()));
        }
        if (duration.compareTo(MAX_IDLE_AFTER) > 0) {
            throw metadata.invalid(IDLE_AFTER, "must be at most 24h, got " + Excerpt.quoted(text.get()));
        }
        return duration;
    }
}
