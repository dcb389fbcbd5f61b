package io.fusionscaler.target;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Optional;

/** The apps/v1 workload kinds the scaler watches directly; other scalable kinds go through {@link ScaleReader}. */
enum Workload {

    DEPLOYMENT("Deployment", "Deployments"),
    STATEFUL_SET("StatefulSet", "StatefulSets"),
    REPLICA_SET("ReplicaSet", "ReplicaSets");

    private final String kind;
    private final String plural;

    Workload(String kind, String plural) {
        this.kind = kind;
        this.plural = plural;
    }

    String plural() {
        return plural;
    }

    /** The watched workload kind of a target (group apps, any version), if it is one. */
    static Optional<Workload> of(TargetRef ref) {
        if (!"apps".equals(ref.group())) {
            return Optional.empty();
        }
        for (Workload workload : values()) {
            if (workload.kind.equals(ref.kind())) {
                return Optional.of(workload);
            }
        }
        return Optional.empty();
    }

    /** A started watch of this kind in {@code namespace} (null: all namespaces), keeping each object's scale. */
    Watch<?, Read<ScaleState>> watch(KubernetesClient client, String namespace, WatchSettings settings) {
        String description = plural + " in " + WatchSettings.where(namespace);
        return switch (this) {
            case DEPLOYMENT -> settings.start(description, client.apps().deployments(), namespace,
                    d -> scale(d, d.getSpec() == null ? null : d.getSpec().getSelector(), d.getSpec() == null ? null : d.getSpec().getReplicas(),
                            d.getStatus() == null ? null : d.getStatus().getReplicas()), Deployment::new);
            case STATEFUL_SET -> settings.start(description, client.apps().statefulSets(), namespace,
                    s -> scale(s, s.getSpec() == null ? null : s.getSpec().getSelector(), s.getSpec() == null ? null : s.getSpec().getReplicas(),
                            s.getStatus() == null ? null : s.getStatus().getReplicas()), StatefulSet::new);
            case REPLICA_SET -> settings.start(description, client.apps().replicaSets(), namespace,
                    r -> scale(r, r.getSpec() == null ? null : r.getSpec().getSelector(), r.getSpec() == null ? null : r.getSpec().getReplicas(),
                            r.getStatus() == null ? null : r.getStatus().getReplicas()), ReplicaSet::new);
        };
    }

    private Read<ScaleState> scale(HasMetadata object, LabelSelector labelSelector, Integer specReplicas, Integer statusReplicas) {
        Read<PodSelector> selector = ApiObjects.selector(labelSelector,
                kind + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName());
        if (!selector.ok()) {
            return Read.failed(selector.problem());
        }
        return Read.of(new ScaleState(ApiObjects.replicas(specReplicas), ApiObjects.count(statusReplicas), selector.value()));
    }
}
