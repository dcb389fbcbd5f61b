package io.fusionscaler.signal.queue;

import java.util.Objects;

/** Where on each pod the page is: {@code <scheme>://<pod IP>:<port><path>}. */
public record ScrapeEndpoint(Scheme scheme, int port, String path) {

    public enum Scheme {
        HTTP, HTTPS;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ScrapeEndpoint {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(path, "path");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
    }

    /** The page of one pod. */
    public ScrapeTarget on(String podIp) {
        return new ScrapeTarget(scheme, podIp, port, path);
    }
}
