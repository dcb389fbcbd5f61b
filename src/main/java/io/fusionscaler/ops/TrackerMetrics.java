package io.fusionscaler.ops;

import io.fusionscaler.engine.ScaledObjectTracker;
import io.fusionscaler.signal.SignalSpec;
import io.fusionscaler.signal.kafka.KafkaTrigger;
import io.fusionscaler.engine.TrackerEvent;
import io.fusionscaler.fusion.Decision;
import io.fusionscaler.fusion.FusedDecision;
import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.fusion.SignalVerdict;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Per-tracker gauges, registered when a tracker is made and removed when it is dropped. Values are
 * computed at scrape time from the same fusion the RPCs answer with, one decision per tracker and scrape
 * ({@link ScrapeDecision}); unknown values are NaN.
 * Namespace and ScaledObject names arrive unchecked over gRPC, so a label value longer than any Kubernetes name
 * is shortened to its head and a hash of the whole: short, and still one series per ScaledObject.
 */
@ApplicationScoped
public class TrackerMetrics {

    /** The longest Kubernetes object name (a DNS subdomain); longer label values are shortened. */
    static final int MAX_LABEL_LENGTH = 253;
    private static final int LABEL_HEAD_LENGTH = 64;
    private static final int LABEL_HASH_BYTES = 8;

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<ScaledObjectTracker, List<Meter>> meters = new ConcurrentHashMap<>();
    private final Map<ScaledObjectTracker, ScrapeDecision> decisions = new ConcurrentHashMap<>();

    public TrackerMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    void onCreated(@Observes TrackerEvent.Created event) {
        ScaledObjectTracker tracker = event.tracker();
        Tags tags = trackerTags(tracker);
        List<Meter> registered = new ArrayList<>();
        registered.add(gauge(MetricNames.DESIRED_REPLICAS, tags, tracker, d -> d instanceof FusedDecision f ? f.desiredReplicas() : Double.NaN));
        registered.add(gauge(MetricNames.ACTIVE, tags, tracker, d -> d instanceof FusedDecision f ? (f.active() ? 1 : 0) : Double.NaN));
        List<SignalSpec> signals = tracker.spec().signals();
        for (int i = 0; i < signals.size(); i++) {
            int index = i;
            Tags signalTags = tags.and("signal", signals.get(i).signal());
            registered.add(gauge(MetricNames.SIGNAL_VALUE, signalTags, tracker, d -> measured(d, index, r -> r.value())));
            registered.add(gauge(MetricNames.SIGNAL_DESIRED_REPLICAS, signalTags, tracker,
                    d -> measured(d, index, SignalReading::desiredReplicas)));
            registered.add(gauge(MetricNames.SIGNAL_COVERAGE, signalTags, tracker, d -> measured(d, index, r -> r.coverage().ratio())));
            registered.add(gauge(MetricNames.SIGNAL_ABSENT, signalTags, tracker,
                    d -> d.signals().get(index).status() == SignalVerdict.Status.ABSENT ? 1 : 0));
            registered.add(gauge(MetricNames.SIGNAL_STALENESS, signalTags, tracker,
                    d -> d.signals().get(index).age() == null ? Double.NaN : d.signals().get(index).age().toMillis() / 1000.0));
            if (signals.get(i) instanceof KafkaTrigger) {
                registered.add(gauge(MetricNames.KAFKA_STALLED_PARTITIONS, tags, tracker,
                        d -> measured(d, index, r -> r.details().get(KafkaTrigger.STALLED_PARTITION_COUNT) instanceof Number n
                                ? n.doubleValue() : Double.NaN)));
            }
        }
        meters.put(tracker, registered);
    }

    void onDropped(@Observes TrackerEvent.Dropped event) {
        decisions.remove(event.tracker());
        List<Meter> removed = meters.remove(event.tracker());
        if (removed != null) {
            removed.forEach(registry::remove);
        }
    }

    /** The labels of every per-trigger series. */
    static Tags trackerTags(ScaledObjectTracker tracker) {
        return Tags.of("namespace", labelValue(tracker.key().namespace()), "scaled_object", labelValue(tracker.key().name()),
                "trigger", tracker.key().triggerId());
    }

    /** {@code value}, or when longer than {@link #MAX_LABEL_LENGTH}: its head, '~' and a hash of the whole value. */
    static String labelValue(String value) {
        if (value.length() <= MAX_LABEL_LENGTH) {
            return value;
        }
        int head = Character.isHighSurrogate(value.charAt(LABEL_HEAD_LENGTH - 1)) ? LABEL_HEAD_LENGTH - 1 : LABEL_HEAD_LENGTH;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return value.substring(0, head) + "~" + HexFormat.of().formatHex(digest, 0, LABEL_HASH_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    /** A fresh reading's figure; NaN when the signal is absent or unknown, never a made-up 0. */
    private static double measured(Decision decision, int index, ToDoubleFunction<SignalReading> figure) {
        SignalVerdict verdict = decision.signals().get(index);
        return verdict.status() == SignalVerdict.Status.MEASURED ? figure.applyAsDouble(verdict.reading()) : Double.NaN;
    }

    private Gauge gauge(MetricNames.Description metric, Tags tags, ScaledObjectTracker tracker, ToDoubleFunction<Decision> value) {
        ScrapeDecision decision = decisions.computeIfAbsent(tracker, t -> new ScrapeDecision(t::decision, clock));
        return Gauge.builder(metric.name(), decision, d -> value.applyAsDouble(d.get())).strongReference(true)
                .description(metric.help()).baseUnit(metric.unit()).tags(tags).register(registry);
    }
}
