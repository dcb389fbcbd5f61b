package io.fusionscaler.gpuagent.device;

import java.util.Optional;

/**
 * What the device script is doing to the GPUs while the tests run ({@code FUSION_DEVICE_GPU_LOAD}): {@code busy}
 * while a program keeps every GPU computing, {@code idle} while nothing runs on them; unset: either, assert no level.
 */
public enum GpuLoad {
    IDLE, BUSY;

    public static Optional<GpuLoad> current() {
        return Optional.ofNullable(System.getenv("FUSION_DEVICE_GPU_LOAD")).map(value -> valueOf(value.toUpperCase()));
    }

    /** Whether a utilization percent fits this load: at least half busy, or at most a tenth when idle. */
    public boolean fits(int percent) {
        return this == BUSY ? percent >= 50 : percent <= 10;
    }
}
