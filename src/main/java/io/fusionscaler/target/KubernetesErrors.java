package io.fusionscaler.target;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.net.ConnectException;
import java.net.UnknownHostException;

/** Short, actionable text for a Kubernetes client error: the HTTP status and its meaning, or the network cause. */
public final class KubernetesErrors {

    private static final int MAX = 300;

    private KubernetesErrors() {
    }

    public static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() > 0) {
                String detail = k.getStatus() != null && k.getStatus().getMessage() != null ? " (" + k.getStatus().getMessage() + ")" : "";
                return clip("HTTP " + k.getCode() + meaning(k.getCode()) + detail);
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return clip("API server unreachable (" + t.getClass().getSimpleName() + ": " + t.getMessage() + ")");
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return clip(root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()));
    }

    private static String meaning(int code) {
        return switch (code) {
            case 401 -> " unauthorized: the scaler's service account token was refused";
            case 403 -> " forbidden: the scaler's RBAC does not allow it (see the README's RBAC rules)";
            case 404 -> " not found";
            case 410 -> " gone";
            case 429 -> " too many requests";
            default -> code >= 500 ? " server error" : "";
        };
    }

    private static String clip(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= MAX ? oneLine : oneLine.substring(0, MAX) + "…";
    }
}
