package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.Excerpt;
import io.fusionscaler.signal.GoDuration;
import io.fusionscaler.signal.InvalidMetadataException;
import io.fusionscaler.signal.TriggerContext;
import io.fusionscaler.signal.TriggerMetadata;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Reads {@code lagPolicy} and the keys of the rate policy, which are ours, not KEDA's. */
final class LagPolicyParser {

    static final String LAG_POLICY = "lagPolicy";
    static final String DRAIN_TARGET = "lagDrainTarget";
    static final String REPLICA_RATE = "lagReplicaRate";
    static final String SCALE_DOWN_STABILIZATION = "lagScaleDownStabilization";
    static final String RATE_WINDOW = "lagRateWindow";

    static final List<String> KEYS = List.of(LAG_POLICY, DRAIN_TARGET, REPLICA_RATE, SCALE_DOWN_STABILIZATION, RATE_WINDOW);
    private static final List<String> RATE_KEYS = List.of(DRAIN_TARGET, REPLICA_RATE, SCALE_DOWN_STABILIZATION, RATE_WINDOW);

    /** The HPA's longest down-scale stabilization window. */
    static final Duration MAX_SCALE_DOWN_STABILIZATION = Duration.ofHours(1);
    /** Samples are kept for the whole window, one per refresh: this bounds their memory. */
    static final Duration MAX_RATE_WINDOW = Duration.ofMinutes(10);

    private LagPolicyParser() {
    }

    static LagPolicy parse(TriggerContext context) throws InvalidMetadataException {
        TriggerMetadata metadata = context.metadata();
        String policy = metadata.string(LAG_POLICY).orElse(LagPolicy.THRESHOLD.key());
        if (policy.equals(LagPolicy.THRESHOLD.key())) {
            for (String key : RATE_KEYS) {
                if (metadata.has(key)) {
                    throw metadata.invalid(key, "applies only with " + LAG_POLICY + ": rate (the policy is threshold)");
                }
            }
            return LagPolicy.THRESHOLD;
        }
        if (!policy.equals("rate")) {
            throw metadata.invalid(LAG_POLICY, "must be threshold (KEDA's arithmetic, the default) or rate, got " + Excerpt.quoted(policy));
        }
        if (metadata.string(DRAIN_TARGET).isEmpty()) {
            throw metadata.invalid(DRAIN_TARGET, "is required with " + LAG_POLICY + ": rate: the time in which the replicas "
                    + "should clear the backlog, e.g. 60s");
        }
        Duration drainTarget = duration(metadata, DRAIN_TARGET, Duration.ZERO);
        if (drainTarget.isZero() || drainTarget.isNegative()) {
            throw metadata.invalid(DRAIN_TARGET, "must be > 0, e.g. 60s, got " + quoted(metadata, DRAIN_TARGET));
        }
        OptionalDouble replicaRate = metadata.decimal(REPLICA_RATE);
        if (replicaRate.isPresent() && replicaRate.getAsDouble() <= 0) {
            throw metadata.invalid(REPLICA_RATE, "must be > 0 (messages one replica processes per second), got "
                    + quoted(metadata, REPLICA_RATE));
        }
        Duration stabilization = duration(metadata, SCALE_DOWN_STABILIZATION, LagRateSettings.DEFAULT_SCALE_DOWN_STABILIZATION);
        if (stabilization.isNegative() || stabilization.compareTo(MAX_SCALE_DOWN_STABILIZATION) > 0) {
            throw metadata.invalid(SCALE_DOWN_STABILIZATION, "must be between 0s and 1h, got " + quoted(metadata, SCALE_DOWN_STABILIZATION));
        }
        Duration window = duration(metadata, RATE_WINDOW, LagRateSettings.DEFAULT_RATE_WINDOW);
        if (window.isZero() || window.isNegative() || window.compareTo(MAX_RATE_WINDOW) > 0) {
            throw metadata.invalid(RATE_WINDOW, "must be > 0 and at most 10m (several commit intervals of the consumers, "
                    + "e.g. 30s), got " + quoted(metadata, RATE_WINDOW));
        }
        return new LagPolicy.Rate(context.namespace(), context.scaledObject(),
                new LagRateSettings(drainTarget, replicaRate, stabilization, window));
    }

    private static Duration duration(TriggerMetadata metadata, String key, Duration defaultValue) throws InvalidMetadataException {
        Optional<String> text = metadata.string(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return GoDuration.parse(text.get()).orElseThrow(() -> metadata.invalid(key,
                "must be a duration such as 60s, 5m or 1m30s (units ns, us, ms, s, m, h), got " + Excerpt.quoted(text.get())));
    }

    private static String quoted(TriggerMetadata metadata, String key) throws InvalidMetadataException {
        return Excerpt.quoted(metadata.string(key).orElse(""));
    }
}
