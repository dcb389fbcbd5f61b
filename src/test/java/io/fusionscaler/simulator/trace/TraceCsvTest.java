package io.fusionscaler.simulator.trace;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceCsvTest {

    private static Trace read(String csv) throws IOException, TraceFormatException {
        return TraceCsv.read("t", new StringReader(csv));
    }

    private static void rejects(String csv, String message) {
        assertThatThrownBy(() -> read(csv)).isInstanceOf(TraceFormatException.class).hasMessage(message);
    }

    @Test
    void rowsLastUntilTheNextAndTheLastAsLongAsTheOneBefore() throws Exception {
        Trace trace = read("# two bursts\n# of traffic\ntime_s,produced\n0,0\n10,100\n20,0\n");
        assertThat(trace.description()).isEqualTo("two bursts of traffic");
        assertThat(trace.seconds()).isEqualTo(30);
        assertThat(trace.producedAt(9)).isZero();
        assertThat(trace.producedAt(10)).isEqualTo(10);
        assertThat(trace.producedAt(19)).isEqualTo(10);
        assertThat(trace.producedAt(29)).isZero();
        assertThat(trace.totalProduced()).isEqualTo(100);
        assertThat(trace.recordedConsumption()).isEmpty();
    }

    @Test
    void startsAtTheFirstRowSoUnixTimesWork() throws Exception {
        Trace trace = read("1700000000,60\n1700000060,0\n");
        assertThat(trace.seconds()).isEqualTo(120);
        assertThat(trace.producedAt(0)).isEqualTo(1);
    }

    @Test
    void fractionsAreCarriedSoTotalsStayExact() throws Exception {
        Trace trace = read("0,10.5\n3,0\n");
        assertThat(LongStream.range(0, 3).map(trace::producedAt).toArray()).containsExactly(4, 3, 4);
        assertThat(trace.totalProduced()).isEqualTo(11);
    }

    @Test
    void readsTheRecordedConsumption() throws Exception {
        Trace trace = read("time_s,produced,consumed\n0,20,0\n2,0,20\n");
        assertThat(trace.recordedConsumption().orElseThrow()).containsExactly(0, 0, 10, 10);
    }

    @Test
    void aOneRowTraceLastsOneSecond() throws Exception {
        assertThat(read("5,7\n").seconds()).isEqualTo(1);
    }

    @Test
    void badInputNamesTheLineAndTheProblem() {
        rejects("", "t: no data rows; expected lines like 0,120 (time_s,produced)");
        rejects("# only a comment\ntime_s,produced\n", "t: no data rows; expected lines like 0,120 (time_s,produced)");
        rejects("0,1\n5\n", "t line 2: expected 2 or 3 comma-separated fields (time_s,produced[,consumed]), got 1");
        rejects("0,1,2,3\n", "t line 1: expected 2 or 3 comma-separated fields (time_s,produced[,consumed]), got 4");
        rejects("0,1\nsoon,2\n", "t line 2: time_s 'soon' is not a whole number of seconds");
        rejects("-5,1\n", "t line 1: time_s -5 is negative");
        rejects("0,1\n\n# a gap\n0,2\n", "t line 4: time_s 0 is not after the previous row's 0");
        rejects("0,ten\n", "t line 1: produced 'ten' is not a number of messages (digits, optionally a fraction, e.g. 120 or 37.5)");
        rejects("0,-3\n", "t line 1: produced -3 is negative");
        rejects("0,1e3\n", "t line 1: produced '1e3' is not a number of messages (digits, optionally a fraction, e.g. 120 or 37.5)");
        rejects("0,5,1\n1,5\n", "t line 2: consumed is missing (the first row has it, so every row must)");
        rejects("0,5\n1,5,1\n", "t line 2: consumed is given, but the first row has none (every row or none)");
        rejects("0,5,1\n1,5,10\n", "t line 2: consumed so far (11) exceeds produced so far (10)");
        rejects("time_s,produced\ntime_s,produced\n", "t line 2: time_s 'time_s' is not a whole number of seconds");
        rejects("0,1\n700000,1\n", "t line 2: the trace runs past 604800 s (7 days), the most the simulator replays");
    }
}
