package io.fusionscaler.ops;

import io.fusionscaler.engine.LaneRefresh;
import io.fusionscaler.engine.RefreshObserver;
import io.fusionscaler.engine.ScaledObjectTracker;
import io.fusionscaler.engine.TrackerEvent;
import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.fusion.SignalVerdict;
import io.fusionscaler.signal.gpu.CoveredPod;
import io.fusionscaler.signal.gpu.GpuTrigger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per GPU trigger, each GPU's utilization as the trigger's reading used it: one series per covered pod and GPU, with the
 * trigger's labels and {@code pod}, {@code node} and {@code UUID} (the label of the gpu-agent's and dcgm-exporter's GPU
 * metrics, so that the two join). The series follow the readings: at each refresh of the GPU lane a series is made for
 * a pod's GPU that appeared and removed for one that went away, all are removed while the target has nothing to measure
 * (0 replicas) and when the tracker is dropped. A reading lists at most 50 pods (as the explain view), which bounds a
 * trigger's series. Values are read at scrape time: NaN while the signal is not measured or the GPU has no figure.
 */
@ApplicationScoped
public class GpuTriggerMetrics implements RefreshObserver {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<ScaledObjectTracker, TriggerSeries> triggers = new ConcurrentHashMap<>();

    public GpuTriggerMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    void onCreated(@Observes TrackerEvent.Created event) {
        List<?> signals = event.tracker().spec().signals();
        for (int i = 0; i < signals.size(); i++) {
            if (signals.get(i) instanceof GpuTrigger) {
                triggers.put(event.tracker(), new TriggerSeries(event.tracker(), i));
                return;
            }
        }
    }

    void onDropped(@Observes TrackerEvent.Dropped event) {
        TriggerSeries removed = triggers.remove(event.tracker());
        if (removed != null) {
            removed.close();
        }
    }

    @Override
    public void laneRefreshed(LaneRefresh refresh) {
        if (GpuTrigger.SIGNAL.equals(refresh.signal())) {
            triggers.values().forEach(TriggerSeries::update);
        }
    }

    /** Each listed pod's GPUs, by their labels: the GPU's utilization as a ratio, NaN when it has none. */
    private static Map<Tags, Double> figures(SignalReading reading) {
        Map<Tags, Double> figures = new HashMap<>();
        if (reading.details().get(GpuTrigger.COVERED_PODS) instanceof List<?> pods) {
            for (Object listed : pods) {
                if (listed instanceof CoveredPod pod) {
                    for (CoveredPod.HeldGpu gpu : pod.gpus()) {
                        figures.put(Tags.of("pod", TrackerMetrics.labelValue(pod.pod()), "node", TrackerMetrics.labelValue(pod.node()),
                                        "UUID", TrackerMetrics.labelValue(gpu.uuid())),
                                gpu.utilizationPercent() == null ? Double.NaN : gpu.utilizationPercent() / 100.0);
                    }
                }
            }
        }
        return figures;
    }

    /** One GPU trigger's series, by their pod, node and UUID labels. */
    private final class TriggerSeries {

        private final ScaledObjectTracker tracker;
        private final ScrapeDecision scrapeDecision;
        private final int signal;
        private final Tags trackerTags;
        private final Map<Tags, Gauge> gauges = new HashMap<>();
        private volatile Map<Tags, Double> values = Map.of();
        private boolean closed;

        TriggerSeries(ScaledObjectTracker tracker, int signal) {
            this.tracker = tracker;
            this.scrapeDecision = new ScrapeDecision(tracker::decision, clock);
            this.signal = signal;
            this.trackerTags = TrackerMetrics.trackerTags(tracker);
        }

        /** Follows the latest reading; an unknown signal keeps its series (at NaN), its pods are not known to be gone. */
        synchronized void update() {
            SignalVerdict verdict = tracker.decision(clock.instant()).signals().get(signal);
            if (closed || verdict.status() == SignalVerdict.Status.UNKNOWN) {
                return;
            }
            Map<Tags, Double> next = verdict.status() == SignalVerdict.Status.MEASURED ? figures(verdict.reading()) : Map.of();
            values = next;
            gauges.entrySet().removeIf(series -> {
                if (next.containsKey(series.getKey())) {
                    return false;
                }
                registry.remove(series.getValue());
                return true;
            });
            next.keySet().forEach(series -> gauges.computeIfAbsent(series, this::register));
        }

        synchronized void close() {
            closed = true;
            gauges.values().forEach(registry::remove);
            gauges.clear();
        }

        private Gauge register(Tags series) {
            return Gauge.builder(MetricNames.GPU_UTILIZATION.name(), this, s -> s.value(series))
                    .description(MetricNames.GPU_UTILIZATION.help()).baseUnit(MetricNames.GPU_UTILIZATION.unit())
                    .tags(trackerTags.and(series)).register(registry);
        }

        /** Every series of the trigger read in one scrape shares one decision, as the tracker's own gauges do. */
        private double value(Tags series) {
            SignalVerdict verdict = scrapeDecision.get().signals().get(signal);
            return verdict.status() == SignalVerdict.Status.MEASURED ? values.getOrDefault(series, Double.NaN) : Double.NaN;
        }
    }
}
