package io.fusionscaler.signal.gpu;

import io.fusionscaler.signal.SignalSpec;

import java.time.Duration;
import java.util.Objects;

/**
 * A trigger's GPU utilization settings: the GPUs held by the target's pods (from its ScaledObject) should run at
 * {@code targetUtilization} percent; the signal is active while they run above {@code activationUtilization} percent
 * and for {@code idleAfter} after they last did.
 */
public record GpuTrigger(String namespace, String scaledObject, int targetUtilization, int activationUtilization, Duration idleAfter)
        implements SignalSpec {

    public static final String SIGNAL = "gpu";
    /** Every GPU spec shares one lane: one pull of every gpu-agent per refresh serves them all. */
    static final String LANE = "gpu-agents";
    /** The key of the reading's details that lists its {@link CoveredPod}s (a metric per GPU reads it). */
    public static final String COVERED_PODS = "pods";

    public GpuTrigger {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(scaledObject, "scaledObject");
        Objects.requireNonNull(idleAfter, "idleAfter");
        if (targetUtilization < 1 || targetUtilization > 100) {
            throw new IllegalArgumentException("targetUtilization must be 1-100, got " + targetUtilization);
        }
        if (activationUtilization < 0 || activationUtilization > 100) {
            throw new IllegalArgumentException("activationUtilization must be 0-100, got " + activationUtilization);
        }
        if (idleAfter.isNegative()) {
            throw new IllegalArgumentException("idleAfter must be >= 0, got " + idleAfter);
        }
    }

    @Override
    public String signal() {
        return SIGNAL;
    }

    @Override
    public Object refreshLane() {
        return LANE;
    }

    @Override
    public String laneLabel() {
        return LANE;
    }
}
