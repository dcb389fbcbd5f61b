package io.fusionscaler.signal.hpa;

/** The container resources the HPA's Resource metric knows. */
public enum ResourceName {
    CPU("cpu"), MEMORY("memory");

    private final String key;

    ResourceName(String key) {
        this.key = key;
    }

    /** The name in requests and PodMetrics usage: {@code cpu}, {@code memory}. */
    public String key() {
        return key;
    }

    /** Only CPU samples are held back while a pod starts (they are inflated by start-up work); memory is always used. */
    boolean checksReadiness() {
        return this == CPU;
    }
}
