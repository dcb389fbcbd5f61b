package io.fusionscaler.target;

import java.util.Objects;

/**
 * A ScaledObject's {@code spec.scaleTargetRef}. KEDA's defaults apply: {@code apiVersion} {@code apps/v1} and
 * {@code kind} {@code Deployment} when left out.
 */
public record TargetRef(String apiVersion, String kind, String name) {

    public static final String DEFAULT_API_VERSION = "apps/v1";
    public static final String DEFAULT_KIND = "Deployment";

    public TargetRef {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** The API group, empty for the core group. */
    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** {@code Deployment/api}, as messages show it. */
    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
