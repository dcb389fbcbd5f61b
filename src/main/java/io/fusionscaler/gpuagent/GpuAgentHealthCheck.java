package io.fusionscaler.gpuagent;

import io.fusionscaler.gpuagent.api.GpuAgentReport;
import io.fusionscaler.gpuagent.api.GpuDevice;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Up while sampling passes complete; down before the first one and when none completed for
 * {@code fusion.gpu-agent.stall-limit}. An unavailable NVML or kubelet does not make the agent unready: it keeps
 * serving reports that say why (which tells a scaler more than a refused connection), and the data here says it too.
 * Always up, with {@code active: false}, in a process that is not a gpu-agent.
 */
@Liveness
@Readiness
@ApplicationScoped
public class GpuAgentHealthCheck implements HealthCheck {

    private final GpuAgent agent;
    private final Clock clock;

    public GpuAgentHealthCheck(GpuAgent agent, Clock clock) {
        this.agent = agent;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("gpu-agent").withData("active", agent.running());
        if (!agent.running()) {
            return response.up().build();
        }
        Instant lastPass = agent.lastPassEnd();
        Optional<GpuAgentReport> report = agent.report();
        if (lastPass == null || report.isEmpty()) {
            return response.down().withData("reason", "no sampling pass completed yet").build();
        }
        describe(response, report.get());
        Duration since = Duration.between(lastPass, clock.instant());
        response.withData("lastPassMillisAgo", since.toMillis());
        return since.compareTo(agent.stallLimit()) <= 0 ? response.up().build()
                : response.down().withData("reason", "no sampling pass completed for " + since.toSeconds() + " s (hung NVML or kubelet call?)").build();
    }

    private static void describe(HealthCheckResponseBuilder response, GpuAgentReport report) {
        response.withData("node", report.node())
                .withData("nvml", report.nvml().available() ? "available" : "unavailable")
                .withData("nvmlReinitializations", report.nvml().reinitializations())
                .withData("gpus", report.gpus().size())
                .withData("gpusUnavailable", report.gpus().stream().filter(GpuAgentHealthCheck::unavailable).count())
                .withData("podResources", report.attribution().available() ? "available" : "unavailable")
                .withData("pods", report.pods().size());
        if (report.nvml().driverVersion() != null) {
            response.withData("driverVersion", report.nvml().driverVersion());
        }
        if (report.nvml().reason() != null) {
            response.withData("nvmlReason", report.nvml().reason()).withData("nvmlMessage", report.nvml().message());
        }
        if (report.attribution().message() != null) {
            response.withData("podResourcesMessage", report.attribution().message());
        }
    }

    private static boolean unavailable(GpuDevice device) {
        return device.errors().stream().anyMatch(e -> "device".equals(e.field()));
    }
}
