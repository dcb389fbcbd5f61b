package io.fusionscaler.simulator;

import io.fusionscaler.simulator.keda.ScaledObject;
import io.fusionscaler.simulator.trace.Trace;
import io.fusionscaler.simulator.workload.WorkloadSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * Replays one trace through every policy side by side, second by second. The run lasts the trace plus a tail in which
 * nothing is produced (long enough for the scale-down windows to show), and longer if a policy still has a backlog:
 * every policy runs until every policy's backlog is empty, so all are measured over the same time, up to a day past
 * the trace for a workload that cannot keep up.
 */
public final class Simulation {

    /** How far past the trace and its tail a run may go while a backlog remains. */
    public static final int MAX_OVERRUN_SECONDS = 24 * 3600;

    private Simulation() {
    }

    /**
     * @param scaledObjects fresh ScaledObjects, one per policy (their triggers keep state)
     */
    public static List<PolicyResult> run(Trace trace, List<ScaledObject> scaledObjects, WorkloadSettings workload,
            int tailSeconds) {
        List<ScaledObjectRun> simulated = scaledObjects.stream().map(so -> new ScaledObjectRun(so, workload)).toList();
        List<PolicyRun> runs = new ArrayList<>(simulated);
        trace.recordedConsumption().ifPresent(consumed -> runs.add(new RecordedRun(consumed)));
        long planned = (long) trace.seconds() + tailSeconds;
        long second = 0;
        while (second < planned || second < planned + MAX_OVERRUN_SECONDS && simulated.stream().anyMatch(r -> r.backlog() > 0)) {
            long produced = trace.producedAt(second);
            for (PolicyRun run : runs) {
                run.step(second, produced);
            }
            second++;
        }
        List<Long> burstEnds = trace.burstEnds();
        return runs.stream().map(run -> run.result(burstEnds)).toList();
    }
}
