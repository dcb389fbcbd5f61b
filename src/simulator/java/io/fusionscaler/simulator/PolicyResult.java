package io.fusionscaler.simulator;

import io.fusionscaler.simulator.workload.WaitingTimes;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * One policy's figures over a run.
 *
 * @param drainSeconds   per burst of the trace, seconds from its end until the backlog was empty
 * @param replicaSeconds the cost: replicas (started or starting) summed over every second; empty for a recorded trace
 * @param scaleEvents    changes of the replica count, by KEDA or the HPA; empty for a recorded trace
 * @param secondsAtZero  seconds with no replica; empty for a recorded trace
 * @param undrained      messages still unprocessed when the run stopped (0 unless the workload could not keep up)
 */
public record PolicyResult(String policy, long waitP50, long waitP99, long waitMax, long maxBacklog, List<Long> drainSeconds,
        OptionalLong replicaSeconds, OptionalLong scaleEvents, OptionalLong secondsAtZero, long undrained, Timeline timeline) {

    public PolicyResult {
        drainSeconds = List.copyOf(drainSeconds);
    }

    /**
     * The figures of a finished run.
     *
     * @param scaleEvents the run's replica changes; empty when the timeline has no replica counts
     * @param burstEnds   the seconds at which the trace's bursts end ({@code Trace#burstEnds})
     */
    static PolicyResult of(String policy, WaitingTimes waits, Timeline timeline, OptionalLong scaleEvents, List<Long> burstEnds) {
        long maxBacklog = 0;
        long replicaSeconds = 0;
        long atZero = 0;
        for (int second = 0; second < timeline.seconds(); second++) {
            maxBacklog = Math.max(maxBacklog, timeline.backlogAt(second));
            if (timeline.hasReplicas()) {
                replicaSeconds += timeline.replicasAt(second);
                atZero += timeline.replicasAt(second) == 0 ? 1 : 0;
            }
        }
        List<Long> drains = new ArrayList<>();
        for (long end : burstEnds) {
            int second = (int) Math.max(0, end - 1);
            while (second < timeline.seconds() && timeline.backlogAt(second) > 0) {
                second++;
            }
            if (second < timeline.seconds()) {
                drains.add(Math.max(0, second - (end - 1)));
            }
        }
        boolean known = timeline.hasReplicas();
        return new PolicyResult(policy, waits.percentile(0.5), waits.percentile(0.99), waits.max(), maxBacklog, drains,
                known ? OptionalLong.of(replicaSeconds) : OptionalLong.empty(), scaleEvents,
                known ? OptionalLong.of(atZero) : OptionalLong.empty(), timeline.backlogAt(timeline.seconds() - 1), timeline);
    }

    /** The median drain time over the trace's bursts; empty when the trace has none. */
    public OptionalLong drainMedian() {
        if (drainSeconds.isEmpty()) {
            return OptionalLong.empty();
        }
        List<Long> sorted = drainSeconds.stream().sorted().toList();
        return OptionalLong.of(sorted.get((sorted.size() - 1) / 2));
    }

    public OptionalLong drainMax() {
        return drainSeconds.stream().mapToLong(Long::longValue).max();
    }
}
