package io.fusionscaler.role;

/**
 * What this process is. One artifact plays either role: the {@code scaler} answers KEDA, the {@code gpu-agent}
 * runs on each GPU node and serves that node's GPU figures to the scalers.
 */
public enum Role {
    SCALER, GPU_AGENT
}
