package io.fusionscaler.signal.hpa;

import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusionscaler.target.KubernetesErrors;
import io.fusionscaler.target.Quantity;
import io.fusionscaler.target.QuantitySyntaxException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads {@code metrics.k8s.io/v1beta1} PodMetrics one namespace at a time: one list per namespace per refresh, whatever
 * the number of targets in it (measured against one filtered list per target in the benchmark). A list younger than the
 * caller's {@code maxAge} is reused, so the CPU and memory signals of a namespace, refreshing together, share one
 * request; concurrent callers wait for the one in flight.
 */
@ApplicationScoped
public class PodMetricsReader {

    /** What one list of a namespace gave. */
    public sealed interface Listing {

        record Listed(List<PodMetricsSample> samples, Instant fetchedAt) implements Listing {
            public Listed {
                samples = List.copyOf(samples);
                Objects.requireNonNull(fetchedAt, "fetchedAt");
            }
        }

        record Failed(String reason, Instant fetchedAt) implements Listing {
            public Failed {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    private static final class Entry {
        Listing listing;
        Instant fetchedAt;
    }

    private static final Duration IDLE = Duration.ofMinutes(10);

    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Inject
    public PodMetricsReader(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public Listing read(String namespace, Duration maxAge) {
        Entry entry = entries.computeIfAbsent(namespace, n -> new Entry());
        Listing listing;
        synchronized (entry) {
            Instant now = clock.instant();
            if (entry.listing == null || !now.isBefore(entry.fetchedAt.plus(maxAge))) {
                entry.listing = fetch(namespace);
                entry.fetchedAt = now;
            }
            listing = entry.listing;
        }
        Instant now = clock.instant();
        entries.values().removeIf(e -> e.fetchedAt != null && e.fetchedAt.plus(IDLE).isBefore(now) && e != entry);
        return listing;
    }

    private Listing fetch(String namespace) {
        Instant at = clock.instant();
        PodMetricsList list;
        try {
            list = client.top().pods().inNamespace(namespace).metrics();
        } catch (RuntimeException e) {
            return new Listing.Failed("cannot list PodMetrics (metrics.k8s.io) in namespace " + namespace + ": "
                    + KubernetesErrors.describe(e) + " (is metrics-server running?)", at);
        }
        List<PodMetricsSample> samples = new ArrayList<>();
        for (PodMetrics metrics : list.getItems() == null ? List.<PodMetrics>of() : list.getItems()) {
            sample(metrics).ifPresent(samples::add);
        }
        return new Listing.Listed(samples, at);
    }

    /** One entry as the HPA reads it; an entry without a readable timestamp is skipped (its pod then has no metrics). */
    static java.util.Optional<PodMetricsSample> sample(PodMetrics metrics) {
        if (metrics.getMetadata() == null || metrics.getMetadata().getName() == null || metrics.getTimestamp() == null) {
            return java.util.Optional.empty();
        }
        Instant timestamp;
        try {
            timestamp = OffsetDateTime.parse(metrics.getTimestamp()).toInstant();
        } catch (DateTimeParseException e) {
            return java.util.Optional.empty();
        }
        Duration window = metrics.getWindow() == null || metrics.getWindow().getDuration() == null
                ? Duration.ZERO : metrics.getWindow().getDuration();
        List<PodMetricsSample.ContainerUsage> containers = new ArrayList<>();
        for (ContainerMetrics container : metrics.getContainers() == null ? List.<ContainerMetrics>of() : metrics.getContainers()) {
            Map<String, Long> usage = new HashMap<>();
            if (container.getUsage() != null) {
                container.getUsage().forEach((resource, quantity) -> {
                    try {
                        usage.put(resource, Quantity.parse(quantity.getAmount() + (quantity.getFormat() == null ? "" : quantity.getFormat()))
                                .milliValue());
                    } catch (QuantitySyntaxException | ArithmeticException e) {
                        // unreadable usage: the resource is missing for this container, so the pod has no metric
                    }
                });
            }
            containers.add(new PodMetricsSample.ContainerUsage(container.getName() == null ? "" : container.getName(), usage));
        }
        return java.util.Optional.of(new PodMetricsSample(metrics.getMetadata().getName(),
                metrics.getMetadata().getLabels() == null ? Map.of() : metrics.getMetadata().getLabels(), timestamp, window, containers));
    }
}
