package io.fusionscaler.signal.gpu;

import io.quarkus.runtime.configuration.MemorySize;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@link GpuConfig} without Quarkus: the defaults, agents in {@code namespace} on {@code port}. */
public record TestGpuConfig(Duration refreshInterval, Duration refreshBudget, Duration stalenessLimit, Duration agentTimeout,
        MemorySize maxResponseSize, Agents agents) implements GpuConfig {

    public record TestAgents(Optional<String> namespace, String selector, int port, Optional<Path> tokenFile) implements Agents {
    }

    public static TestGpuConfig of(String namespace, int port) {
        return new TestGpuConfig(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(2),
                new MemorySize(BigInteger.valueOf(64 * 1024)),
                new TestAgents(Optional.of(namespace), "app.kubernetes.io/component=gpu-agent", port, Optional.empty()));
    }

    TestGpuConfig withTokenFile(Path file) {
        return new TestGpuConfig(refreshInterval, refreshBudget, stalenessLimit, agentTimeout, maxResponseSize,
                new TestAgents(agents().namespace(), agents().selector(), agents().port(), Optional.of(file)));
    }

    public TestGpuConfig withMaxResponseSize(long bytes) {
        return new TestGpuConfig(refreshInterval, refreshBudget, stalenessLimit, agentTimeout, new MemorySize(BigInteger.valueOf(bytes)), agents);
    }
}
