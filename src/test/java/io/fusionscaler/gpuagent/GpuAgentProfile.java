package io.fusionscaler.gpuagent;

import io.fusionscaler.gpuagent.nvml.FakeNvmlLibrary;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The process plays the gpu-agent role against the fake libnvidia-ml.so.1 (found by its soname in the search path,
 * as on a node) and the fake kubelet, sampling fast, with its API behind a bearer token.
 */
public class GpuAgentProfile implements QuarkusTestProfile {

    public static final String TOKEN = "test-agent-token";
    public static final String NODE = "gpu-node-1";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "fusion.role", "gpu-agent",
                "fusion.gpu-agent.node-name", NODE,
                "fusion.gpu-agent.sample-interval", "200ms",
                "fusion.gpu-agent.nvml.search-path", FakeNvmlLibrary.builtDir().toAbsolutePath().toString(),
                "fusion.gpu-agent.nvml.retry-initial", "200ms",
                "fusion.gpu-agent.nvml.retry-max", "1s",
                "fusion.gpu-agent.pod-resources.timeout", "10s",
                "fusion.gpu-agent.token-file", tokenFile().toString());
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeKubeletResource.class));
    }

    private static Path tokenFile() {
        try {
            Path file = Files.createTempFile("gpu-agent", ".token");
            file.toFile().deleteOnExit();
            return Files.writeString(file, TOKEN + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
