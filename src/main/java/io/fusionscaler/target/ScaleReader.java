package io.fusionscaler.target;

import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the {@code /scale} subresource of targets whose kind is not watched (an Argo Rollout, any custom resource with a
 * scale subresource), at most once per target per {@code interval}: the result, or the failure, is shared by every
 * signal and refresh until then. The API server's discovery of the kind's resource name is cached by the client. Cost:
 * one GET per such target per interval, whatever the number of triggers and refreshes.
 */
final class ScaleReader {

    private record Key(String namespace, TargetRef ref) {
    }

    private static final class Entry {
        Read<ScaleState> result;
        Instant readAt;
        Instant usedAt;
    }

    /** Entries no lookup used for this long are dropped. */
    private static final Duration IDLE = Duration.ofMinutes(10);

    private final KubernetesClient client;
    private final Duration interval;
    private final Clock clock;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private volatile Instant lastPrune = Instant.MIN;

    ScaleReader(KubernetesClient client, Duration interval, Clock clock) {
        this.client = client;
        this.interval = interval;
        this.clock = clock;
    }

    Read<ScaleState> read(String namespace, TargetRef ref) {
        Instant now = clock.instant();
        Entry entry = entries.computeIfAbsent(new Key(namespace, ref), k -> new Entry());
        Read<ScaleState> result;
        synchronized (entry) {
            entry.usedAt = now;
            if (entry.result == null || !now.isBefore(entry.readAt.plus(interval))) {
                entry.result = fetch(namespace, ref);
                entry.readAt = clock.instant();
            }
            result = entry.result;
        }
        if (lastPrune.plus(IDLE).isBefore(now)) {
            lastPrune = now;
            entries.values().removeIf(e -> e.usedAt != null && e.usedAt.plus(IDLE).isBefore(now));
        }
        return result;
    }

    private Read<ScaleState> fetch(String namespace, TargetRef ref) {
        String what = ref.kind() + " " + namespace + "/" + ref.name() + " (" + ref.apiVersion() + ")";
        Scale scale;
        try {
            scale = client.genericKubernetesResources(ref.apiVersion(), ref.kind()).inNamespace(namespace).withName(ref.name()).scale();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Read.failed("target " + what + " not found, or its kind has no /scale subresource");
            }
            if (e.getCode() == 0 && e.getMessage() != null && e.getMessage().startsWith("Could not find the metadata")) {
                return Read.failed("the API server serves no kind " + ref.kind() + " in " + ref.apiVersion());
            }
            return Read.failed("cannot read the /scale of " + what + ": " + KubernetesErrors.describe(e));
        } catch (RuntimeException e) {
            return Read.failed("cannot read the /scale of " + what + ": " + KubernetesErrors.describe(e));
        }
        if (scale == null) {
            return Read.failed("target " + what + " not found");
        }
        String selectorText = scale.getStatus() == null ? null : scale.getStatus().getSelector();
        if (selectorText == null || selectorText.isEmpty()) {
            return Read.failed("the /scale of " + what + " has no status.selector (the HPA needs one too)");
        }
        try {
            PodSelector selector = PodSelector.parse(selectorText);
            int spec = scale.getSpec() == null ? 0 : ApiObjects.count(scale.getSpec().getReplicas());
            return Read.of(new ScaleState(spec, ApiObjects.count(scale.getStatus().getReplicas()), selector));
        } catch (SelectorSyntaxException e) {
            return Read.failed("the /scale of " + what + " has an unreadable status.selector: " + e.getMessage());
        }
    }
}
