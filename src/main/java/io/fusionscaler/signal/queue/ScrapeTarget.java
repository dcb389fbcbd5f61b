package io.fusionscaler.signal.queue;

import java.util.Objects;

/** One page to fetch: a pod's address and the endpoint's scheme, port and path. */
public record ScrapeTarget(ScrapeEndpoint.Scheme scheme, String ip, int port, String path) {

    public ScrapeTarget {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(path, "path");
    }

    @Override
    public String toString() {
        String host = ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
        return scheme.key() + "://" + host + ":" + port + path;
    }
}
