package io.fusionscaler.simulator.trace;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class TraceTest {

    private static TraceRow row(long start, long seconds, double produced) {
        return new TraceRow(start, seconds, produced, OptionalDouble.empty());
    }

    @Test
    void burstsAreRunsOfRowsAboveTheMeanRate() {
        Trace trace = new Trace("t", "", List.of(row(0, 10, 0), row(10, 10, 300), row(20, 10, 10), row(30, 10, 400)));
        assertThat(trace.meanRate()).isEqualTo(17.75);
        assertThat(trace.burstEnds()).containsExactly(20L, 40L);
    }

    @Test
    void evenTrafficHasNoBursts() {
        assertThat(new Trace("t", "", List.of(row(0, 60, 1000), row(60, 60, 1000))).burstEnds()).isEmpty();
    }
}
