package io.fusionscaler.simulator.workload;

/**
 * The consumers being scaled.
 *
 * @param partitions      partitions of the topic; a consumer group uses at most this many consumers
 * @param replicaRate     messages per second one replica processes while busy
 * @param podStartSeconds seconds from a replica's creation until it consumes (scheduling, image, JVM, group join)
 */
public record WorkloadSettings(int partitions, double replicaRate, int podStartSeconds) {

    public static final WorkloadSettings DEFAULTS = new WorkloadSettings(12, 30, 20);

    public WorkloadSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        if (!(replicaRate > 0) || Double.isInfinite(replicaRate)) {
            throw new IllegalArgumentException("replicaRate must be > 0 messages per second, got " + replicaRate);
        }
        if (podStartSeconds < 0) {
            throw new IllegalArgumentException("podStartSeconds must be >= 0, got " + podStartSeconds);
        }
    }

    /**
     * Messages per second the group processes with {@code consumers} ready replicas while every partition has work.
     * Kafka gives each partition to one consumer, so with uneven shares the busiest consumer, holding
     * ceil(partitions / consumers) partitions, sets the pace of the whole group; replicas beyond the partition count idle.
     */
    public double groupRate(int consumers) {
        if (consumers <= 0) {
            return 0;
        }
        int busiestShare = (partitions + consumers - 1) / consumers;
        return replicaRate * partitions / busiestShare;
    }
}
