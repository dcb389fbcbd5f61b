package io.fusionscaler.gpuagent.podresources;

import java.util.ArrayList;
import java.util.List;

/**
 * Which extended resources are GPUs: {@code nvidia.com/gpu}, the MIG resources of NVIDIA's "mixed" strategy
 * ({@code nvidia.com/mig-<profile>}), and the configured extra names (renamed or shared resources, e.g.
 * {@code nvidia.com/gpu.shared}). A configured name ending in {@code *} matches by prefix.
 */
public final class GpuResourceNames {

    static final String GPU = "nvidia.com/gpu";
    static final String MIG_PREFIX = "nvidia.com/mig-";

    private final List<String> exact = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();

    public GpuResourceNames(List<String> extra) {
        exact.add(GPU);
        prefixes.add(MIG_PREFIX);
        for (String name : extra) {
            String trimmed = name.trim();
            if (trimmed.endsWith("*")) {
                prefixes.add(trimmed.substring(0, trimmed.length() - 1));
            } else if (!trimmed.isEmpty()) {
                exact.add(trimmed);
            }
        }
    }

    public boolean isGpu(String resourceName) {
        return exact.contains(resourceName) || prefixes.stream().anyMatch(resourceName::startsWith);
    }
}
