package io.fusionscaler.simulator.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * The scale target's pods: one per replica, each consuming once its start time has passed. Scaling down deletes the
 * youngest pods first, as the ReplicaSet controller does: its deletion ranking ({@code ActivePodsWithRanks} in
 * kubernetes/kubernetes pkg/controller/controller_utils.go) puts not-ready before ready pods and newer before older
 * ones, and here the youngest pods are the ones still starting.
 */
final class Pods {

    private final int startSeconds;
    private final List<Long> createdAt = new ArrayList<>();
    private long scaleEvents;

    Pods(int startSeconds) {
        this.startSeconds = startSeconds;
    }

    int replicas() {
        return createdAt.size();
    }

    int ready(long now) {
        int ready = 0;
        for (long created : createdAt) {
            if (created + startSeconds <= now) {
                ready++;
            }
        }
        return ready;
    }

    void scaleTo(int replicas, long now) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be >= 0, got " + replicas);
        }
        if (replicas == createdAt.size()) {
            return;
        }
        scaleEvents++;
        while (createdAt.size() < replicas) {
            createdAt.add(now);
        }
        while (createdAt.size() > replicas) {
            createdAt.remove(createdAt.size() - 1);
        }
    }

    long scaleEvents() {
        return scaleEvents;
    }
}
