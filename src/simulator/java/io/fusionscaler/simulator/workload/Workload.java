package io.fusionscaler.simulator.workload;

import java.util.OptionalDouble;

/**
 * The consumers and their topic, advanced one second at a time: messages are produced, the ready replicas process
 * what they can at {@link WorkloadSettings#groupRate}, and the replica count is whatever KEDA and the HPA last set.
 */
public final class Workload implements WorkloadView {

    /** metrics-server's default resolution: the CPU usage the HPA sees is a rate over this window. */
    public static final int CPU_WINDOW_SECONDS = 15;

    private final WorkloadSettings settings;
    private final Backlog backlog = new Backlog();
    private final Pods pods;
    private final long[] processedWindow = new long[CPU_WINDOW_SECONDS];
    private final double[] capacityWindow = new double[CPU_WINDOW_SECONDS];
    private long now;
    private double credit;

    public Workload(WorkloadSettings settings) {
        this.settings = settings;
        this.pods = new Pods(settings.podStartSeconds());
    }

    /** Moves the clock to {@code second} and adds what was produced in it. */
    public void produce(long second, long messages) {
        now = second;
        backlog.produce(second, messages);
    }

    /**
     * The ready replicas process the current second's share. Capacity not used in a second is lost, a fraction of a
     * message is carried to the next second.
     */
    public void consume() {
        int ready = pods.ready(now);
        double available = credit + settings.groupRate(ready);
        long taken = backlog.consume(now, (long) Math.floor(available));
        credit = backlog.size() == 0 ? 0 : available - taken;
        int slot = (int) (now % CPU_WINDOW_SECONDS);
        processedWindow[slot] = taken;
        capacityWindow[slot] = ready * settings.replicaRate();
    }

    public void scaleTo(int replicas) {
        pods.scaleTo(replicas, now);
    }

    public long scaleEvents() {
        return pods.scaleEvents();
    }

    public long backlog() {
        return backlog.size();
    }

    public WaitingTimes waits() {
        return backlog.waits();
    }

    @Override
    public long produced() {
        return backlog.produced();
    }

    @Override
    public long consumed() {
        return backlog.consumed();
    }

    @Override
    public int replicas() {
        return pods.replicas();
    }

    @Override
    public int readyReplicas() {
        return pods.ready(now);
    }

    @Override
    public int partitions() {
        return settings.partitions();
    }

    @Override
    public OptionalDouble cpuUtilization() {
        double capacity = 0;
        long processed = 0;
        for (int i = 0; i < CPU_WINDOW_SECONDS; i++) {
            capacity += capacityWindow[i];
            processed += processedWindow[i];
        }
        return capacity == 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.min(1, processed / capacity));
    }
}
