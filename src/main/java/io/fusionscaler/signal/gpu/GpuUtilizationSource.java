package io.fusionscaler.signal.gpu;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusionscaler.fusion.Coverage;
import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.gpuagent.api.AttributionStatus;
import io.fusionscaler.gpuagent.api.GpuAgentReport;
import io.fusionscaler.gpuagent.api.GpuDevice;
import io.fusionscaler.gpuagent.api.GpuError;
import io.fusionscaler.gpuagent.api.NvmlStatus;
import io.fusionscaler.gpuagent.api.PodDevice;
import io.fusionscaler.gpuagent.api.PodGpus;
import io.fusionscaler.podhttp.BoundedGet;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.signal.RefreshRequests;
import io.fusionscaler.signal.SignalPace;
import io.fusionscaler.signal.SignalSource;
import io.fusionscaler.target.PodPhase;
import io.fusionscaler.target.PodSelector;
import io.fusionscaler.target.PodsLookup;
import io.fusionscaler.target.ScaleTarget;
import io.fusionscaler.target.SelectorSyntaxException;
import io.fusionscaler.target.TargetDiscovery;
import io.fusionscaler.target.TargetLookup;
import io.fusionscaler.target.TargetPod;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * GPU utilization of every tracked GPU trigger, all in one lane: each refresh finds the gpu-agents through the
 * Kubernetes API (their pods by label, from target discovery's caches), pulls every agent's report at once (never
 * through one Service IP, which would show one node), and joins each trigger's target pods with the reported pods
 * ({@link GpuJoin}); activity keeps the idle window of each trigger ({@link IdleWindow}). A target at 0 replicas is
 * absent: a demand signal wakes it.
 */
@ApplicationScoped
@RegisterForReflection(targets = {GpuAgentReport.class, NvmlStatus.class, AttributionStatus.class, PodGpus.class, PodDevice.class,
        GpuDevice.class, GpuError.class, CoveredPod.class, CoveredPod.HeldGpu.class})
public class GpuUtilizationSource implements SignalSource<GpuTrigger> {

    static final String BUDGET_KEY = "fusion.gpu.refresh-budget";

    private final GpuConfig config;
    private final TargetDiscovery targets;
    private final Clock clock;
    private final AgentClient agents;
    private final Supplier<String> ownNamespace;
    private final AgentToken token;
    private final IdleWindow idle = new IdleWindow();

    @Inject
    public GpuUtilizationSource(GpuConfig config, TargetDiscovery targets, Clock clock, Vertx vertx, KubernetesClient client) {
        this(config, targets, clock, new AgentClient(vertx, config.agentTimeout(), config.maxResponseSize().asLongValue(), clock),
                client::getNamespace);
    }

    GpuUtilizationSource(GpuConfig config, TargetDiscovery targets, Clock clock, AgentClient agents, Supplier<String> ownNamespace) {
        this.config = config;
        this.targets = targets;
        this.clock = clock;
        this.agents = agents;
        this.ownNamespace = ownNamespace;
        this.token = new AgentToken(config.agents().tokenFile());
    }

    @Override
    public Class<GpuTrigger> specType() {
        return GpuTrigger.class;
    }

    @Override
    public SignalPace pace() {
        return new SignalPace(config.refreshInterval(), config.refreshBudget(), config.stalenessLimit(), BUDGET_KEY);
    }

    /** Stops startup on settings that could never work, naming each. */
    @Override
    public void start(RefreshRequests requests) {
        List<String> problems = BoundedGet.limitProblems("fusion.gpu.agent-timeout", config.agentTimeout(), BUDGET_KEY,
                config.refreshBudget(), "agent", "fusion.gpu.max-response-size", config.maxResponseSize().asLongValue());
        if (config.agents().port() < 1 || config.agents().port() > 65535) {
            problems.add("fusion.gpu.agents.port must be 1-65535, got " + config.agents().port());
        }
        try {
            PodSelector.parse(config.agents().selector());
        } catch (SelectorSyntaxException e) {
            problems.add("fusion.gpu.agents.selector is not a label selector: " + e.getMessage());
        }
        config.agents().tokenFile().filter(file -> !Files.isReadable(file))
                .ifPresent(file -> problems.add("fusion.gpu.agents.token-file " + file + " is not a readable file"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid gpu configuration:\n - " + String.join("\n - ", problems));
        }
    }

    @Override
    public Map<GpuTrigger, SignalOutcome> refresh(Set<GpuTrigger> specs, RefreshDeadline deadline) {
        Map<GpuTrigger, SignalOutcome> outcomes = new HashMap<>();
        try {
            Map<GpuTrigger, TargetLookup.Found> measurable = new LinkedHashMap<>();
            for (GpuTrigger spec : specs) {
                TargetLookup lookup = targets.target(spec.namespace(), spec.scaledObject(), deadline);
                if (lookup instanceof TargetLookup.Unavailable unavailable) {
                    outcomes.put(spec, new SignalOutcome.Failed(unavailable.reason()));
                } else if (((TargetLookup.Found) lookup).target().scaledToZero()) {
                    idle.forget(spec);
                    outcomes.put(spec, new SignalOutcome.Absent(((TargetLookup.Found) lookup).target().ref()
                            + " is scaled to zero: no GPU to measure (a demand signal such as Kafka lag or queue depth wakes it)"));
                } else {
                    measurable.put(spec, (TargetLookup.Found) lookup);
                }
            }
            if (measurable.isEmpty()) {
                return outcomes;
            }
            AgentReports reports = pullAgents(deadline);
            Instant now = clock.instant();
            measurable.forEach((spec, found) -> outcomes.put(spec, measure(spec, found.target(), found.pods(), reports, now)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            specs.forEach(spec -> outcomes.putIfAbsent(spec, new SignalOutcome.Failed("gpu refresh interrupted")));
        } catch (RuntimeException e) {
            String reason = "gpu refresh failed unexpectedly: " + AgentClient.describe(e);
            specs.forEach(spec -> outcomes.putIfAbsent(spec, new SignalOutcome.Failed(reason)));
        }
        return outcomes;
    }

    @Override
    public void forget(GpuTrigger spec) {
        idle.forget(spec);
    }

    @PreDestroy
    void close() {
        agents.close();
    }

    /** Every agent's report of this refresh, once, for all specs. */
    AgentReports pullAgents(RefreshDeadline deadline) throws InterruptedException {
        String namespace = config.agents().namespace().orElseGet(ownNamespace);
        if (namespace == null || namespace.isBlank()) {
            return AgentReports.none("the gpu-agents' namespace is unknown: set fusion.gpu.agents.namespace");
        }
        PodSelector selector;
        try {
            selector = PodSelector.parse(config.agents().selector());
        } catch (SelectorSyntaxException e) {
            return AgentReports.none("fusion.gpu.agents.selector is not a label selector: " + e.getMessage());
        }
        PodsLookup lookup = targets.pods(namespace, selector, deadline);
        if (lookup instanceof PodsLookup.Unavailable unavailable) {
            return AgentReports.none("cannot find the gpu-agents (fusion.gpu.agents.*): " + unavailable.reason());
        }
        List<AgentPod> found = ((PodsLookup.Found) lookup).pods().stream()
                .filter(pod -> pod.phase() == PodPhase.RUNNING && !pod.deleting() && pod.podIp().isPresent())
                .map(pod -> new AgentPod(pod.name(), pod.podIp().get()))
                .toList();
        if (found.isEmpty()) {
            return AgentReports.none("no running gpu-agent pod in namespace " + namespace + " matches " + selector
                    + " (fusion.gpu.agents.namespace and fusion.gpu.agents.selector)");
        }
        AgentToken.Read read = token.current();
        if (read instanceof AgentToken.Read.Unreadable unreadable) {
            return AgentReports.none(unreadable.reason());
        }
        Optional<String> bearer = read instanceof AgentToken.Read.Token t ? Optional.of(t.value()) : Optional.empty();
        return AgentReports.of(agents.pullAll(found, config.agents().port(), bearer, deadline), config.stalenessLimit());
    }

    private SignalOutcome measure(GpuTrigger spec, ScaleTarget target, List<TargetPod> pods, AgentReports reports, Instant now) {
        GpuJoin.Result result = GpuJoin.join(target, pods, reports, spec.targetUtilization());
        if (result instanceof GpuJoin.Result.NoPods none) {
            idle.forget(spec);
            return new SignalOutcome.Absent(none.reason());
        }
        if (result instanceof GpuJoin.Result.NoFigures failed) {
            return new SignalOutcome.Failed(failed.reason());
        }
        GpuJoin.Result.Figures figures = (GpuJoin.Result.Figures) result;
        IdleWindow.Verdict activity = idle.update(spec, figures.utilizationPercent(), now);
        Map<String, Object> details = new LinkedHashMap<>(figures.details());
        details.put("activationUtilizationPercent", spec.activationUtilization());
        details.put("idleAfter", spec.idleAfter().toString());
        activity.idleSince().ifPresent(since -> details.put("idleSince", since.toString()));
        return new SignalOutcome.Measured(new SignalReading(GpuTrigger.SIGNAL, figures.utilizationPercent(), figures.desiredReplicas(),
                activity.active(), figures.observedAt(), new Coverage(figures.covered(), figures.running(), "pods"), details));
    }
}
