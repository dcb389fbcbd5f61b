package io.fusionscaler.target;

import java.util.List;

/**
 * One read-only permission the scaler needs, as a Kubernetes RBAC rule.
 *
 * @param purpose the code that uses it, for the README and the chart's comments
 */
public record RbacRule(List<String> apiGroups, List<String> resources, List<String> verbs, String purpose) {

    public RbacRule {
        apiGroups = List.copyOf(apiGroups);
        resources = List.copyOf(resources);
        verbs = List.copyOf(verbs);
    }
}
