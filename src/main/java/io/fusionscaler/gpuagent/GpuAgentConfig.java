package io.fusionscaler.gpuagent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The gpu-agent role ({@code fusion.role=gpu-agent}): NVML sampling, pod attribution, its API. */
@ConfigMapping(prefix = "fusion.gpu-agent")
public interface GpuAgentConfig {

    /** Pause between two passes over NVML and the kubelet. */
    @WithDefault("1s")
    Duration sampleInterval();

    /** The node's name in reports; set it from the downward API ({@code spec.nodeName}). Default: {@code $HOSTNAME}. */
    Optional<String> nodeName();

    /**
     * File holding the bearer token every API call must present ({@code Authorization: Bearer <token>}); re-read when
     * it changes. Unset: the API is open, so keep it cluster-internal with a NetworkPolicy.
     */
    Optional<Path> tokenFile();

    /** Health turns DOWN when no pass has completed for this long (a hung NVML or kubelet call). */
    @WithDefault("60s")
    Duration stallLimit();

    /** NVML, read through JNA. */
    Nvml nvml();

    /** The kubelet's PodResources API. */
    PodResources podResources();

    interface Nvml {

        /** Library name JNA resolves (search path first, then the system loader's paths), or an absolute path. */
        @WithDefault("libnvidia-ml.so.1")
        String library();

        /** Directories searched for the library before the system's paths. */
        Optional<List<String>> searchPath();

        /**
         * Writable directory where JNA unpacks its native part at first use (a read-only root file system needs
         * one, e.g. an emptyDir). Default: {@code java.io.tmpdir}.
         */
        Optional<String> jnaTmpdir();

        /** First delay before NVML is loaded or initialized again after a failure; doubles per failed retry. */
        @WithDefault("1s")
        Duration retryInitial();

        /** Longest delay between two retries. */
        @WithDefault("1m")
        Duration retryMax();
    }

    interface PodResources {

        /** The kubelet's PodResources unix socket. */
        @WithDefault("/var/lib/kubelet/pod-resources/kubelet.sock")
        Path socket();

        /** Deadline of one List call. */
        @WithDefault("2s")
        Duration timeout();

        /**
         * GPU resources besides {@code nvidia.com/gpu} and {@code nvidia.com/mig-*}, e.g. renamed or shared resources
         * ({@code nvidia.com/gpu.shared}); a trailing {@code *} matches by prefix.
         */
        Optional<List<String>> extraResourceNames();
    }
}
