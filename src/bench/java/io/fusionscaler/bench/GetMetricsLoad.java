package io.fusionscaler.bench;

import io.fusionscaler.keda.proto.GetMetricsRequest;
import io.fusionscaler.testing.KedaLikeClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop GetMetrics load, the way KEDA's metrics adapter calls: blocking stubs with the HPA's 3 s deadline on
 * one shared channel, several callers at once. A warm-up phase whose calls are not counted, then a measured phase
 * of a fixed duration (or of a fixed number of calls). Only calls that complete inside the measured phase count.
 */
final class GetMetricsLoad {

    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;

    private final KedaLikeClient client;
    private final List<GetMetricsRequest> requests;
    private final int callers;
    private volatile int phase = WARMUP;
    private final AtomicLong measuredCalls = new AtomicLong();

    GetMetricsLoad(KedaLikeClient client, List<GetMetricsRequest> requests, int callers) {
        if (requests.isEmpty() || callers < 1) {
            throw new IllegalArgumentException("need requests and at least one caller");
        }
        this.client = client;
        this.requests = List.copyOf(requests);
        this.callers = callers;
    }

    /** What one load run measured. Latencies are sorted, in nanoseconds. */
    record Result(int callers, long calls, long errors, double seconds, long[] latencies, double serverCpuSeconds,
                  String firstError) {

        double throughput() {
            return calls / seconds;
        }

        double percentileMillis(double q) {
            return Stats.percentile(latencies, q) / 1e6;
        }

        /** Server CPU time per 1,000 answered calls, in milliseconds; NaN when unknown. */
        double serverCpuMillisPerThousand() {
            return calls == 0 ? Double.NaN : serverCpuSeconds * 1e6 / calls;
        }
    }

    /**
     * @param maxCalls when positive, the measured phase ends after that many calls (or after {@code measure}, as a
     *                 safety limit, whichever comes first)
     * @param serverPid the server process, whose CPU time over the measured phase is reported; negative if unknown
     */
    Result run(Duration warmup, Duration measure, long maxCalls, long serverPid) throws InterruptedException {
        List<Caller> workers = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Caller caller = new Caller(i, maxCalls);
            workers.add(caller);
            caller.thread.start();
        }
        Thread.sleep(warmup.toMillis());
        double cpuBefore = ProcFs.cpuSeconds(serverPid);
        long start = System.nanoTime();
        phase = MEASURE;
        long deadline = start + measure.toNanos();
        while (phase == MEASURE && System.nanoTime() < deadline) {
            Thread.sleep(maxCalls > 0 ? 1 : 20);
        }
        phase = STOP;
        long end = System.nanoTime();
        double cpuAfter = ProcFs.cpuSeconds(serverPid);
        long errors = 0;
        String firstError = null;
        Stats.LongList all = new Stats.LongList(1 << 16);
        for (Caller caller : workers) {
            caller.thread.join(TimeUnit.SECONDS.toMillis(10));
            all.addAll(caller.latencies);
            errors += caller.errors;
            if (firstError == null) {
                firstError = caller.firstError;
            }
        }
        long[] sorted = all.sorted();
        return new Result(callers, sorted.length, errors, (end - start) / 1e9, sorted, cpuAfter - cpuBefore, firstError);
    }

    private final class Caller implements Runnable {
        final Thread thread;
        final Stats.LongList latencies = new Stats.LongList(1 << 14);
        final long maxCalls;
        final int offset;
        long errors;
        String firstError;

        Caller(int index, long maxCalls) {
            this.offset = index;
            this.maxCalls = maxCalls;
            this.thread = new Thread(this, "bench-caller-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            int next = offset;
            while (true) {
                int current = phase;
                if (current == STOP) {
                    return;
                }
                GetMetricsRequest request = requests.get(next++ % requests.size());
                long t0 = System.nanoTime();
                boolean ok;
                try {
                    client.hpaStub().getMetrics(request);
                    ok = true;
                } catch (RuntimeException e) {
                    ok = false;
                    if (firstError == null) {
                        firstError = e.toString();
                    }
                }
                long t1 = System.nanoTime();
                // counted only when the call both started and ended inside the measured phase
                if (current == MEASURE && phase == MEASURE) {
                    if (ok) {
                        latencies.add(t1 - t0);
                        if (maxCalls > 0 && measuredCalls.incrementAndGet() >= maxCalls) {
                            phase = STOP;
                        }
                    } else {
                        errors++;
                    }
                }
            }
        }
    }
}
