package io.fusionscaler.simulator;

import java.util.List;

/** One policy replaying a trace, advanced one second at a time. */
interface PolicyRun {

    /** Second {@code second}: {@code produced} messages arrive, the autoscalers act, the consumers work. */
    void step(long second, long produced);

    long backlog();

    PolicyResult result(List<Long> burstEnds);
}
