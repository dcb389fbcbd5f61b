package io.fusionscaler.gpuagent;

import io.fusionscaler.gpuagent.api.GpuAgentReport;
import io.fusionscaler.gpuagent.api.GpuDevice;
import io.fusionscaler.gpuagent.api.GpuError;
import io.fusionscaler.gpuagent.api.PodDevice;
import io.fusionscaler.gpuagent.api.PodGpus;
import io.fusionscaler.gpuagent.nvml.NvmlResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The agent's Prometheus metrics. GPU figures carry dcgm-exporter's labels ({@code gpu}, {@code UUID}, {@code pod},
 * {@code namespace}, {@code container}; the pod labels empty for a device no pod holds, one series per holder for a
 * time-sliced one) in base units; the agent's own state (NVML, the kubelet, passes) is under {@code fusion_gpu_agent_}.
 * Registered when the agent starts, removed when it stops.
 */
@ApplicationScoped
public class GpuAgentMetrics {

    private final MeterRegistry registry;
    private final Set<Meter> meters = new LinkedHashSet<>();
    private final List<GaugeRows> gaugeRows = new ArrayList<>();
    private GaugeRows utilization;
    private GaugeRows memoryUsed;
    private GaugeRows memoryTotal;
    private GaugeRows deviceErrors;
    private Timer passDuration;
    private volatile GpuAgentReport latest;

    public GpuAgentMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    synchronized void register() {
        utilization = gaugeRows("fusion.gpu.utilization", "ratio",
                "Share of the last NVML sample period during which a kernel ran on the GPU (nvmlDeviceGetUtilizationRates), 0..1");
        memoryUsed = gaugeRows("fusion.gpu.memory.used", "bytes", "Allocated device memory");
        memoryTotal = gaugeRows("fusion.gpu.memory.total", "bytes", "Device memory");
        deviceErrors = gaugeRows("fusion.gpu.agent.device.errors", null,
                "1 for each figure of a device NVML could not give, by field and NVML return code");
        meters.add(Gauge.builder("fusion.gpu.agent.nvml.available", this, m -> flag(m.latest, r -> r.nvml().available()))
                .description("1 while NVML is loaded and initialized, 0 while it is unavailable (see the reason in /q/health)")
                .register(registry));
        meters.add(Gauge.builder("fusion.gpu.agent.podresources.available", this, m -> flag(m.latest, r -> r.attribution().available()))
                .description("1 while the kubelet's PodResources API answers, 0 while it does not").register(registry));
        meters.add(FunctionCounter.builder("fusion.gpu.agent.nvml.reinitializations", this,
                        m -> m.latest == null ? 0 : m.latest.nvml().reinitializations())
                .description("Times NVML was initialized again after a failure").register(registry));
        passDuration = Timer.builder("fusion.gpu.agent.pass.duration")
                .description("Duration of one pass over NVML and the kubelet").register(registry);
        meters.add(passDuration);
    }

    synchronized void unregister() {
        gaugeRows.forEach(rows -> rows.update(Map.of()));
        gaugeRows.clear();
        meters.forEach(registry::remove);
        meters.clear();
        passDuration = null;
        latest = null;
    }

    synchronized void record(GpuAgentReport report, List<NvmlResult.Failed<?>> nvmlFailures, boolean attributionFailed, Duration pass) {
        if (passDuration == null) {
            return;
        }
        latest = report;
        passDuration.record(pass);
        for (NvmlResult.Failed<?> failure : nvmlFailures) {
            counter("fusion.gpu.agent.nvml.errors", "NVML calls that failed, by function and return code",
                    Tags.of("function", failure.function(), "reason", failure.code().name())).increment();
        }
        if (attributionFailed) {
            counter("fusion.gpu.agent.podresources.errors", "PodResources List calls that failed", Tags.empty()).increment();
        }
        Map<String, Integer> gpuIndexByUuid = new HashMap<>();
        report.gpus().stream().filter(d -> d.parentUuid() == null && d.uuid() != null).forEach(d -> gpuIndexByUuid.put(d.uuid(), d.index()));
        Map<String, Set<Tags>> holders = holders(report.pods());
        Map<Tags, Double> utilizationRows = new HashMap<>();
        Map<Tags, Double> usedRows = new HashMap<>();
        Map<Tags, Double> totalRows = new HashMap<>();
        Map<Tags, Double> errorRows = new HashMap<>();
        for (GpuDevice device : report.gpus()) {
            int gpu = device.parentUuid() == null ? device.index() : gpuIndexByUuid.getOrDefault(device.parentUuid(), device.index());
            Tags deviceTags = Tags.of("gpu", Integer.toString(gpu), "UUID", device.uuid() == null ? "" : device.uuid());
            for (GpuError error : device.errors()) {
                errorRows.put(deviceTags.and("field", error.field(), "reason", error.reason()), 1.0);
            }
            for (Tags holder : holders.getOrDefault(device.uuid(), Set.of(Tags.of("pod", "", "namespace", "", "container", "")))) {
                Tags tags = deviceTags.and(holder);
                if (device.utilization() != null) {
                    utilizationRows.put(tags, device.utilization());
                }
                if (device.memoryUsedBytes() != null) {
                    usedRows.put(tags, device.memoryUsedBytes().doubleValue());
                    totalRows.put(tags, device.memoryTotalBytes().doubleValue());
                }
            }
        }
        utilization.update(utilizationRows);
        memoryUsed.update(usedRows);
        memoryTotal.update(totalRows);
        deviceErrors.update(errorRows);
    }

    private static Map<String, Set<Tags>> holders(List<PodGpus> pods) {
        Map<String, Set<Tags>> holders = new HashMap<>();
        for (PodGpus pod : pods) {
            for (PodDevice device : pod.devices()) {
                holders.computeIfAbsent(device.uuid(), uuid -> new LinkedHashSet<>())
                        .add(Tags.of("pod", pod.pod(), "namespace", pod.namespace(), "container", device.container()));
            }
        }
        return holders;
    }

    private GaugeRows gaugeRows(String name, String unit, String help) {
        GaugeRows rows = new GaugeRows(MultiGauge.builder(name).baseUnit(unit).description(help).register(registry));
        gaugeRows.add(rows);
        return rows;
    }

    private Counter counter(String name, String help, Tags tags) {
        Counter counter = Counter.builder(name).description(help).tags(tags).register(registry);
        meters.add(counter);
        return counter;
    }

    private static double flag(GpuAgentReport report, Function<GpuAgentReport, Boolean> state) {
        return report == null ? Double.NaN : state.apply(report) ? 1 : 0;
    }

    /**
     * A labelled gauge whose series come and go with the devices and pods. A series that stays keeps its meter and
     * only changes its value, so a scrape never finds it missing halfway through an update (re-registering it would).
     */
    private static final class GaugeRows {

        private final MultiGauge gauge;
        private Map<Tags, AtomicLong> values = new HashMap<>();

        GaugeRows(MultiGauge gauge) {
            this.gauge = gauge;
        }

        void update(Map<Tags, Double> next) {
            Map<Tags, AtomicLong> kept = new HashMap<>();
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            next.forEach((tags, value) -> {
                AtomicLong holder = values.getOrDefault(tags, new AtomicLong());
                holder.set(Double.doubleToLongBits(value));
                kept.put(tags, holder);
                rows.add(MultiGauge.Row.of(tags, holder, bits -> Double.longBitsToDouble(bits.get())));
            });
            values = kept;
            gauge.register(rows, false);
        }
    }
}
