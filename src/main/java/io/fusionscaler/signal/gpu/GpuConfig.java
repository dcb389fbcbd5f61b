package io.fusionscaler.signal.gpu;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** How the GPU signal pulls the gpu-agents' reports ({@code fusion.gpu.*}). */
@ConfigMapping(prefix = "fusion.gpu")
public interface GpuConfig {

    /** Pause between two pulls of every agent (the agents sample NVML about once a second). */
    @WithDefault("1s")
    Duration refreshInterval();

    /** Longest time one refresh may take, every agent's pull included (the engine's budget for it). */
    @WithDefault("3s")
    Duration refreshBudget();

    /**
     * GPU figures older than this are unknown: answers that depend on them become UNAVAILABLE. An agent whose report
     * is older than this (its NVML pass is stuck) counts as not answering: its pods are not covered.
     */
    @WithDefault("10s")
    Duration stalenessLimit();

    /** Longest time one agent's answer may take, connecting included; must be shorter than the refresh budget. */
    @WithDefault("2s")
    Duration agentTimeout();

    /** An agent's answer larger than this is an error for that agent (the read is cut off there). */
    @WithDefault("4M")
    MemorySize maxResponseSize();

    /** Where the agents are. */
    Agents agents();

    /** How the gpu-agents are found and called. */
    interface Agents {

        /** Namespace of the gpu-agent pods; unset: the scaler's own namespace (the Kubernetes client's). */
        Optional<String> namespace();

        /** Label selector of the gpu-agent pods in that namespace. */
        @WithDefault("app.kubernetes.io/component=gpu-agent")
        String selector();

        /** The agents' HTTP port ({@code GET /gpu-agent/v1/pods}). */
        @WithDefault("8080")
        int port();

        /** File holding the bearer token the agents require (their {@code fusion.gpu-agent.token-file}); re-read when it changes. */
        Optional<Path> tokenFile();
    }
}
