package io.fusionscaler.target;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the few fields the scaler needs from API objects into its own types. Pure: no I/O. */
final class ApiObjects {

    private static final String RESTART_ALWAYS = "Always";

    private ApiObjects() {
    }

    static TargetPod pod(Pod pod) {
        var meta = pod.getMetadata();
        var spec = pod.getSpec();
        var status = pod.getStatus();
        List<TargetPod.Container> containers = new ArrayList<>();
        if (spec != null) {
            nullToEmpty(spec.getContainers()).forEach(c -> containers.add(container(c)));
            nullToEmpty(spec.getInitContainers()).stream().filter(c -> RESTART_ALWAYS.equals(c.getRestartPolicy()))
                    .forEach(c -> containers.add(container(c)));
        }
        Map<String, Long> podRequests = spec == null ? Map.of() : requests(spec.getResources());
        Optional<Readiness> readiness = Optional.empty();
        if (status != null) {
            readiness = nullToEmpty(status.getConditions()).stream().filter(c -> "Ready".equals(c.getType())).findFirst()
                    .map(ApiObjects::readiness);
        }
        return new TargetPod(meta.getNamespace(), meta.getName(), meta.getLabels() == null ? Map.of() : meta.getLabels(),
                PodPhase.of(status == null ? null : status.getPhase()), meta.getDeletionTimestamp() != null, readiness,
                status == null ? Optional.empty() : time(status.getStartTime()),
                status == null ? Optional.empty() : Optional.ofNullable(status.getPodIP()).filter(ip -> !ip.isEmpty()),
                containers, podRequests);
    }

    /** A workload's selector ({@code spec.selector}); an absent selector or an unknown operator is a problem. */
    static Read<PodSelector> selector(LabelSelector selector, String owner) {
        if (selector == null) {
            return Read.failed(owner + " has no spec.selector");
        }
        List<PodSelector.Requirement> expressions = new ArrayList<>();
        for (LabelSelectorRequirement expression : nullToEmpty(selector.getMatchExpressions())) {
            PodSelector.Operator operator = switch (String.valueOf(expression.getOperator())) {
                case "In" -> PodSelector.Operator.IN;
                case "NotIn" -> PodSelector.Operator.NOT_IN;
                case "Exists" -> PodSelector.Operator.EXISTS;
                case "DoesNotExist" -> PodSelector.Operator.DOES_NOT_EXIST;
                default -> null;
            };
            if (operator == null || expression.getKey() == null) {
                return Read.failed(owner + " has an unreadable spec.selector expression (operator '"
                        + PodSelector.clip(String.valueOf(expression.getOperator())) + "')");
            }
            expressions.add(new PodSelector.Requirement(expression.getKey(), operator, Set.copyOf(nullToEmpty(expression.getValues()))));
        }
        return Read.of(PodSelector.of(selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels(), expressions));
    }

    /** A workload whose {@code spec.replicas} is left out has the API's default of 1. */
    static int replicas(Integer specReplicas) {
        return specReplicas == null ? 1 : specReplicas;
    }

    static int count(Integer value) {
        return value == null ? 0 : value;
    }

    /** {@code spec.scaleTargetRef} of a ScaledObject, with KEDA's defaults for apiVersion and kind. */
    static Read<TargetRef> scaleTargetRef(GenericKubernetesResource scaledObject) {
        Object spec = scaledObject.getAdditionalProperties().get("spec");
        Object ref = spec instanceof Map<?, ?> specMap ? specMap.get("scaleTargetRef") : null;
        if (!(ref instanceof Map<?, ?> refMap) || !(refMap.get("name") instanceof String name) || name.isEmpty()) {
            return Read.failed("ScaledObject " + scaledObject.getMetadata().getNamespace() + "/" + scaledObject.getMetadata().getName()
                    + " has no spec.scaleTargetRef.name");
        }
        String apiVersion = refMap.get("apiVersion") instanceof String v && !v.isEmpty() ? v : TargetRef.DEFAULT_API_VERSION;
        String kind = refMap.get("kind") instanceof String k && !k.isEmpty() ? k : TargetRef.DEFAULT_KIND;
        return Read.of(new TargetRef(apiVersion, kind, name));
    }

    static Optional<Instant> time(String rfc3339) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(rfc3339).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Readiness readiness(PodCondition condition) {
        return new Readiness(Readiness.Status.of(condition.getStatus()),
                time(condition.getLastTransitionTime()).orElse(Readiness.NEVER));
    }

    private static TargetPod.Container container(Container container) {
        return new TargetPod.Container(container.getName() == null ? "" : container.getName(), requests(container.getResources()));
    }

    /** Requests in thousandths of their unit; a quantity the API server would not have stored is left out. */
    private static Map<String, Long> requests(ResourceRequirements resources) {
        if (resources == null || resources.getRequests() == null) {
            return Map.of();
        }
        Map<String, Long> requests = new HashMap<>();
        resources.getRequests().forEach((resource, quantity) -> {
            if (quantity == null) {
                return;
            }
            try {
                requests.put(resource, Quantity.parse(quantity.getAmount() + (quantity.getFormat() == null ? "" : quantity.getFormat())).milliValue());
            } catch (QuantitySyntaxException | ArithmeticException e) {
                // not a valid quantity: treated as no request, which the signals report by container name
            }
        });
        return requests;
    }

    private static <E> List<E> nullToEmpty(List<E> list) {
        return list == null ? List.of() : list;
    }
}
