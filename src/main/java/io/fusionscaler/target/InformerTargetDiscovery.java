package io.fusionscaler.target;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusionscaler.role.RoleComponent;
import io.fusionscaler.signal.RefreshDeadline;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Target discovery through shared watches (fabric8 informers): per watched namespace (or once for the cluster) one
 * watch of ScaledObjects, one of pods and one per apps/v1 workload kind in use, each started when a lookup first needs
 * it. API-server load therefore grows with the namespaces watched, not with ScaledObjects or refreshes; a lookup after
 * the caches synced makes no API call, except the paced {@code /scale} reads of kinds that are not watched. Its
 * priority makes it start before the refresh loop and stop after it.
 */
@ApplicationScoped
@Priority(100)
public class InformerTargetDiscovery implements TargetDiscovery, RoleComponent.OfScaler {

    private static final Logger LOG = Logger.getLogger(InformerTargetDiscovery.class);

    private final KubernetesClient client;
    private final TargetConfig config;
    private final WatchSettings settings;
    private final ScaleReader scales;
    private final Map<String, ScopeWatches> scopes = new ConcurrentHashMap<>();
    private volatile boolean running;

    @Inject
    public InformerTargetDiscovery(KubernetesClient client, TargetConfig config, Clock clock) {
        this.client = client;
        this.config = config;
        this.settings = new WatchSettings(config.resync(), clock);
        this.scales = new ScaleReader(client, config.scaleRefreshInterval(), clock);
    }

    /** Watches start lazily, on the first lookup of a namespace; starting only enables them. */
    @Override
    public void start() {
        if (config.resync().isNegative() || !positive(config.scaleRefreshInterval()) || !positive(config.watchOutageLimit())) {
            throw new IllegalStateException("fusion.target.resync must be >= 0, scale-refresh-interval and watch-outage-limit > 0");
        }
        running = true;
        LOG.infof("target discovery enabled (watch scope %s, namespaces %s)", config.watchScope(),
                config.namespaces().map(n -> (Object) new TreeSet<>(n)).orElse("all"));
    }

    private static boolean positive(java.time.Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    @Override
    public void stop() {
        running = false;
        scopes.values().forEach(ScopeWatches::stop);
        scopes.clear();
    }

    @Override
    public TargetLookup target(String namespace, String scaledObject, RefreshDeadline deadline) {
        Optional<String> refused = refusal(namespace);
        if (refused.isPresent()) {
            return new TargetLookup.Unavailable(refused.get());
        }
        try {
            ScopeWatches watches = scope(namespace);
            var scaledObjects = watches.scaledObjects();
            Optional<String> problem = scaledObjects.problem(deadline, config.watchOutageLimit());
            if (problem.isPresent()) {
                return new TargetLookup.Unavailable("cannot read ScaledObject " + namespace + "/" + scaledObject + ": " + problem.get());
            }
            Optional<Read<TargetRef>> ref = scaledObjects.get(namespace, scaledObject);
            if (ref.isEmpty()) {
                return new TargetLookup.Unavailable("ScaledObject " + namespace + "/" + scaledObject + " not found");
            }
            if (!ref.get().ok()) {
                return new TargetLookup.Unavailable(ref.get().problem());
            }
            TargetRef target = ref.get().value();
            Read<ScaleState> scale = scale(watches, namespace, target, deadline);
            if (!scale.ok()) {
                return new TargetLookup.Unavailable(scale.problem() + " (scaleTargetRef of ScaledObject " + namespace + "/" + scaledObject + ")");
            }
            PodsLookup pods = pods(watches, namespace, scale.value().selector(), deadline);
            if (pods instanceof PodsLookup.Unavailable unavailable) {
                return new TargetLookup.Unavailable(unavailable.reason());
            }
            ScaleState state = scale.value();
            return new TargetLookup.Found(new ScaleTarget(namespace, target, state.specReplicas(), state.statusReplicas(), state.selector()),
                    ((PodsLookup.Found) pods).pods());
        } catch (RuntimeException e) {
            return new TargetLookup.Unavailable("cannot look up ScaledObject " + namespace + "/" + scaledObject + ": "
                    + KubernetesErrors.describe(e));
        }
    }

    @Override
    public PodsLookup pods(String namespace, PodSelector selector, RefreshDeadline deadline) {
        Optional<String> refused = refusal(namespace);
        if (refused.isPresent()) {
            return new PodsLookup.Unavailable(refused.get());
        }
        try {
            return pods(scope(namespace), namespace, selector, deadline);
        } catch (RuntimeException e) {
            return new PodsLookup.Unavailable("cannot list pods of namespace " + namespace + ": " + KubernetesErrors.describe(e));
        }
    }

    private PodsLookup pods(ScopeWatches watches, String namespace, PodSelector selector, RefreshDeadline deadline) {
        var pods = watches.pods();
        Optional<String> problem = pods.problem(deadline, config.watchOutageLimit());
        if (problem.isPresent()) {
            return new PodsLookup.Unavailable("cannot read the pods of namespace " + namespace + ": " + problem.get());
        }
        List<TargetPod> matching = pods.matching(namespace, selector).toList();
        return new PodsLookup.Found(matching);
    }

    private Read<ScaleState> scale(ScopeWatches watches, String namespace, TargetRef target, RefreshDeadline deadline) {
        Optional<Workload> workload = Workload.of(target);
        if (workload.isEmpty()) {
            return scales.read(namespace, target);
        }
        var workloads = watches.workloads(workload.get());
        Optional<String> problem = workloads.problem(deadline, config.watchOutageLimit());
        if (problem.isPresent()) {
            return Read.failed("cannot read " + target + " in namespace " + namespace + ": " + problem.get());
        }
        return workloads.get(namespace, target.name())
                .orElseGet(() -> Read.failed(target.kind() + " " + namespace + "/" + target.name() + " not found"));
    }

    private ScopeWatches scope(String namespace) {
        String key = config.watchScope() == TargetConfig.WatchScope.CLUSTER ? "" : namespace;
        return scopes.computeIfAbsent(key, k -> new ScopeWatches(client, k.isEmpty() ? null : k, settings));
    }

    private Optional<String> refusal(String namespace) {
        if (!running) {
            return Optional.of("target discovery is not running (it runs in the scaler role, once started)");
        }
        if (config.namespaces().isPresent() && !config.namespaces().get().contains(namespace)) {
            return Optional.of("namespace " + namespace + " is not watched by this scaler (fusion.target.namespaces = "
                    + new TreeSet<>(config.namespaces().get()) + ")");
        }
        return Optional.empty();
    }
}
