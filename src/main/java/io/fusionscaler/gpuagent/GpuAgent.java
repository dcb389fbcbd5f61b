package io.fusionscaler.gpuagent;

import io.fusionscaler.gpuagent.api.GpuAgentReport;
import io.fusionscaler.gpuagent.api.NvmlStatus;
import io.fusionscaler.gpuagent.nvml.NvmlLoader;
import io.fusionscaler.gpuagent.podresources.Attribution;
import io.fusionscaler.gpuagent.podresources.GpuResourceNames;
import io.fusionscaler.gpuagent.podresources.PodResourcesClient;
import io.fusionscaler.role.RoleComponent;
import io.netty.util.concurrent.DefaultThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gpu-agent role: a pass over NVML and the kubelet every {@code fusion.gpu-agent.sample-interval} on its own
 * thread, publishing the node's report for the API, the metrics and the health check. Nothing runs until
 * {@link #start()}, which the role starter calls only in the gpu-agent role ({@code fusion.role=gpu-agent}).
 */
@ApplicationScoped
public class GpuAgent implements RoleComponent.OfGpuAgent {

    private static final Logger LOG = Logger.getLogger(GpuAgent.class);

    private final GpuAgentConfig config;
    private final GpuAgentMetrics metrics;
    private final Clock clock;

    private ScheduledExecutorService executor;
    private NvmlSampler sampler;
    private PodResourcesClient kubelet;
    private String node;
    private Instant lastListed;
    private NvmlStatus lastNvml;
    private String lastAttributionProblem;
    private volatile Instant startedAt;
    private volatile Instant lastPassEnd;
    private volatile GpuAgentReport latest;

    public GpuAgent(GpuAgentConfig config, GpuAgentMetrics metrics, Clock clock) {
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        GpuAgentConfig.Nvml nvml = config.nvml();
        node = config.nodeName().orElseGet(() -> Objects.requireNonNullElse(System.getenv("HOSTNAME"), "unknown"));
        sampler = new NvmlSampler(() -> NvmlLoader.load(nvml.library(), nvml.searchPath().orElse(List.of()), nvml.jnaTmpdir()),
                new Backoff(nvml.retryInitial(), nvml.retryMax()));
        kubelet = new PodResourcesClient(config.podResources().socket(), config.podResources().timeout(),
                new GpuResourceNames(config.podResources().extraResourceNames().orElse(List.of())));
        metrics.register();
        startedAt = clock.instant();
        executor = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("gpu-agent-sampler", true));
        executor.scheduleWithFixedDelay(this::pass, 0, config.sampleInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("gpu-agent started on node %s: NVML %s every %s, kubelet %s", node, nvml.library(), config.sampleInterval(),
                config.podResources().socket());
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("gpu-agent: a pass is still running (hung NVML or kubelet call); shutting NVML down regardless");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sampler.close();
        kubelet.close();
        metrics.unregister();
        executor = null;
        latest = null;
        lastPassEnd = null;
        startedAt = null;
    }

    /** Whether this process plays the gpu-agent role (the agent was started). */
    public boolean running() {
        return startedAt != null;
    }

    /** The latest report, aged as of now; empty before the first pass or when not running. */
    public Optional<GpuAgentReport> report() {
        GpuAgentReport report = latest;
        return report == null ? Optional.empty() : Optional.of(report.at(clock.instant()));
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant lastPassEnd() {
        return lastPassEnd;
    }

    Duration stallLimit() {
        return config.stallLimit();
    }

    private void pass() {
        try {
            Instant begin = clock.instant();
            NvmlSample nvml = sampler.sample(begin);
            Attribution attribution = kubelet.list();
            if (attribution instanceof Attribution.Listed) {
                lastListed = clock.instant();
            }
            GpuAgentReport report = NodeReport.of(node, nvml, attribution, lastListed);
            Instant end = clock.instant();
            latest = report;
            lastPassEnd = end;
            metrics.record(report, nvml.failures(), attribution instanceof Attribution.Failed, Duration.between(begin, end));
            logChanges(nvml.status(), attribution);
        } catch (RuntimeException e) {
            LOG.errorf(e, "gpu-agent pass failed");
        }
    }

    /** Logs when NVML or the kubelet starts failing, changes its reason, or recovers; not on every pass. */
    private void logChanges(NvmlStatus nvml, Attribution attribution) {
        if (lastNvml == null || !Objects.equals(lastNvml.reason(), nvml.reason()) || lastNvml.available() != nvml.available()) {
            if (nvml.reason() == null) {
                LOG.infof("NVML available: driver %s", nvml.driverVersion());
            } else {
                LOG.warnf("NVML %s: %s; next try at %s", nvml.available() ? "degraded" : "unavailable", nvml.message(), nvml.nextRetry());
            }
        }
        lastNvml = nvml;
        String problem = attribution instanceof Attribution.Failed failed ? failed.message() : null;
        if (!Objects.equals(problem, lastAttributionProblem)) {
            if (problem == null) {
                LOG.info("kubelet PodResources API answers");
            } else {
                LOG.warnf("kubelet PodResources API unavailable: %s", problem);
            }
        }
        lastAttributionProblem = problem;
    }
}
