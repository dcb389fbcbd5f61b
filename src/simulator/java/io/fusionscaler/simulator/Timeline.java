package io.fusionscaler.simulator;

import java.util.Arrays;

/** What one run looked like, second by second: replicas (when known) and backlog at the end of each second. */
public final class Timeline {

    private int[] replicas;
    private long[] backlog = new long[1024];
    private int length;
    private final boolean withReplicas;

    public Timeline(boolean withReplicas) {
        this.withReplicas = withReplicas;
        this.replicas = withReplicas ? new int[1024] : null;
    }

    void record(int replicaCount, long backlogSize) {
        if (length == backlog.length) {
            backlog = Arrays.copyOf(backlog, length * 2);
            if (withReplicas) {
                replicas = Arrays.copyOf(replicas, length * 2);
            }
        }
        backlog[length] = backlogSize;
        if (withReplicas) {
            replicas[length] = replicaCount;
        }
        length++;
    }

    public int seconds() {
        return length;
    }

    public boolean hasReplicas() {
        return withReplicas;
    }

    public int replicasAt(int second) {
        if (!withReplicas) {
            throw new IllegalStateException("this timeline has no replica counts");
        }
        return replicas[second];
    }

    public long backlogAt(int second) {
        return backlog[second];
    }
}
