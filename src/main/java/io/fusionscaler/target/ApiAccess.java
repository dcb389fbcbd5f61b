package io.fusionscaler.target;

import java.util.List;

/**
 * Every Kubernetes API permission the scaler uses, in one place: the README lists these rules and the Helm chart
 * renders its Role/ClusterRole from them; a test checks that the code's requests stay within them.
 */
public final class ApiAccess {

    /** The rules, read-only. The last one covers {@code /scale} of target kinds that are not watched. */
    public static final List<RbacRule> RULES = List.of(
            new RbacRule(List.of("keda.sh"), List.of("scaledobjects"), List.of("list", "watch"),
                    "target discovery: each ScaledObject's spec.scaleTargetRef"),
            new RbacRule(List.of("apps"), List.of("deployments", "statefulsets", "replicasets"), List.of("list", "watch"),
                    "target discovery: replicas and selector of apps/v1 targets"),
            new RbacRule(List.of(""), List.of("pods"), List.of("list", "watch"),
                    "target discovery: the targets' pods and queuePodSelector's pods (readiness, requests, IPs)"),
            new RbacRule(List.of("metrics.k8s.io"), List.of("pods"), List.of("list"),
                    "cpu and memory signals: PodMetrics, one list per namespace per refresh"),
            new RbacRule(List.of("*"), List.of("*/scale"), List.of("get"),
                    "target discovery: /scale of other scalable kinds (Argo Rollouts, custom resources); narrow it to "
                            + "the kinds you scale, e.g. apiGroups [argoproj.io] resources [rollouts/scale]"));

    private ApiAccess() {
    }
}
