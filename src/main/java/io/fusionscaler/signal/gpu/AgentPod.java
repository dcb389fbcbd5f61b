package io.fusionscaler.signal.gpu;

import java.util.Objects;

/** One gpu-agent, as found through the Kubernetes API: its pod's name and IP. */
record AgentPod(String name, String ip) {

    AgentPod {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ip, "ip");
    }

    @Override
    public String toString() {
        return name + " (" + ip + ")";
    }
}
