package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.RefreshDeadline;

/** A replica count the test sets, in place of target discovery; unknown until set. */
final class FixedReplicas implements ConsumerReplicas {

    private volatile Count count = new Count.Unknown("no Kubernetes in this test");

    static FixedReplicas unknown() {
        return new FixedReplicas();
    }

    FixedReplicas set(int replicas) {
        count = new Count.Known(replicas, "Deployment/test, serving pods");
        return this;
    }

    @Override
    public Count count(String namespace, String scaledObject, RefreshDeadline deadline) {
        return count;
    }
}
