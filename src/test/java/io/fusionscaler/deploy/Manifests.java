package io.fusionscaler.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Rendered YAML parsed into Kubernetes objects (fabric8's model; custom resources stay generic). */
record Manifests(List<HasMetadata> objects) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static Manifests parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            Object parsed = SERIALIZATION.unmarshal(document);
            if (!(parsed instanceof HasMetadata object)) {
                throw new AssertionError("not a Kubernetes object: " + document);
            }
            List<String> unknown = UnknownFields.of(object);
            if (!unknown.isEmpty()) {
                throw new AssertionError(object.getKind() + " " + object.getMetadata().getName() + " has fields Kubernetes does not know: " + unknown);
            }
            objects.add(object);
        }
        return new Manifests(List.copyOf(objects));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in " + names()));
    }

    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).collect(Collectors.toList());
    }

    List<String> names() {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).collect(Collectors.toList());
    }

    Deployment scaler() {
        return get(Deployment.class, Chart.RELEASE);
    }

    Optional<DaemonSet> agent() {
        return find(DaemonSet.class, Chart.RELEASE + "-gpu-agent");
    }

    /** The pod specs of every workload rendered. */
    List<PodSpec> podSpecs() {
        return Stream.concat(all(Deployment.class).stream().map(d -> d.getSpec().getTemplate().getSpec()),
                all(DaemonSet.class).stream().map(d -> d.getSpec().getTemplate().getSpec())).collect(Collectors.toList());
    }
}
