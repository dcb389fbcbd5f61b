package io.fusionscaler.simulator;

import io.fusionscaler.simulator.workload.Backlog;

import java.util.List;
import java.util.OptionalLong;

/** What the trace's own consumers did, from its {@code consumed} column: the reference the policies are held against. */
final class RecordedRun implements PolicyRun {

    static final String NAME = "recorded (the trace's consumed column)";

    private final long[] consumed;
    private final Backlog backlog = new Backlog();
    private final Timeline timeline = new Timeline(false);

    RecordedRun(long[] consumed) {
        this.consumed = consumed.clone();
    }

    @Override
    public void step(long second, long produced) {
        backlog.produce(second, produced);
        backlog.consume(second, second < consumed.length ? consumed[(int) second] : 0);
        timeline.record(0, backlog.size());
    }

    @Override
    public long backlog() {
        return backlog.size();
    }

    @Override
    public PolicyResult result(List<Long> burstEnds) {
        return PolicyResult.of(NAME, backlog.waits(), timeline, OptionalLong.empty(), burstEnds);
    }
}
