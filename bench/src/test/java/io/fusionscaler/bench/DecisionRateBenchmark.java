package io.fusionscaler.bench;

import io.fusionscaler.engine.EngineConfig;
import io.fusionscaler.engine.RefreshLoop;
import io.fusionscaler.engine.SignalSources;
import io.fusionscaler.engine.TrackerRegistry;
import io.fusionscaler.fusion.Coverage;
import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.signal.InvalidMetadataException;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.signal.SignalPace;
import io.fusionscaler.signal.SignalParser;
import io.fusionscaler.signal.SignalSource;
import io.fusionscaler.signal.SignalSpec;
import io.fusionscaler.signal.TriggerContext;
import io.fusionscaler.signal.TriggerMetadata;
import io.fusionscaler.trigger.TriggerParser;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Part 4: decisions re-made per second by the engine alone (in this JVM, no I/O): {@code trackers} triggers spread
 * over {@code lanes} lanes of a source that answers at once, refreshed every second. Before issue 6 every lane's
 * refresh re-decided every tracker; now only the trackers of the refreshed lane are.
 */
final class DecisionRateBenchmark {

    private final Report report;
    private final int trackers;
    private final int lanes;
    private final Duration measure;

    DecisionRateBenchmark(Report report, int trackers, int lanes, Duration measure) {
        this.report = report;
        this.trackers = trackers;
        this.lanes = lanes;
        this.measure = measure;
    }

    record Spec(int lane, int id) implements SignalSpec {
        @Override
        public String signal() {
            return "bench";
        }

        @Override
        public Object refreshLane() {
            return lane;
        }
    }

    /** A signal whose every lane answers at once with the same figure. */
    static final class InstantSignal implements SignalParser, SignalSource<Spec> {
        final AtomicLong laneRefreshes = new AtomicLong();

        @Override
        public String signal() {
            return "bench";
        }

        @Override
        public Set<String> keys() {
            return Set.of("benchLane", "benchId");
        }

        @Override
        public boolean isConfigured(TriggerMetadata metadata) {
            return metadata.has("benchLane");
        }

        @Override
        public SignalSpec parse(TriggerContext context) throws InvalidMetadataException {
            return new Spec((int) context.metadata().longValue("benchLane", 0), (int) context.metadata().longValue("benchId", 0));
        }

        @Override
        public Class<Spec> specType() {
            return Spec.class;
        }

        @Override
        public SignalPace pace() {
            return new SignalPace(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10), "bench.budget");
        }

        @Override
        public Map<Spec, SignalOutcome> refresh(Set<Spec> specs, RefreshDeadline deadline) {
            laneRefreshes.incrementAndGet();
            Instant now = Instant.now();
            Map<Spec, SignalOutcome> outcomes = new HashMap<>();
            specs.forEach(s -> outcomes.put(s, new SignalOutcome.Measured(
                    new SignalReading("bench", 3, 3, true, now, Coverage.whole(1, "lanes"), Map.of()))));
            return outcomes;
        }
    }

    record Config(int refreshThreads, Duration sweepInterval, Duration trackerIdleTimeout, Duration firstRefreshWait)
            implements EngineConfig {
    }

    void run() throws InterruptedException {
        Report.progress("decision rate: %d trackers over %d lanes, measuring %d s", trackers, lanes, measure.toSeconds());
        InstantSignal signal = new InstantSignal();
        Config config = new Config(8, Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofSeconds(2));
        TrackerRegistry registry = new TrackerRegistry(new TriggerParser(List.of(signal)), config.trackerIdleTimeout(),
                Clock.systemUTC(), event -> { });
        for (int i = 0; i < trackers; i++) {
            registry.lookup("bench", "so-" + i, Map.of("benchLane", String.valueOf(i % lanes), "benchId", String.valueOf(i)));
        }
        RefreshLoop loop = new RefreshLoop(registry, new SignalSources(List.of(signal)), config, Clock.systemUTC(), List.of());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        loop.start();
        try {
            Thread.sleep(5_000); // warm-up: first refreshes, JIT
            long decisions = loop.decisionsMade();
            long refreshes = signal.laneRefreshes.get();
            long cpu = processCpuNanos(threads);
            long start = System.nanoTime();
            Thread.sleep(measure.toMillis());
            double seconds = (System.nanoTime() - start) / 1e9;
            double decisionRate = (loop.decisionsMade() - decisions) / seconds;
            double laneRate = (signal.laneRefreshes.get() - refreshes) / seconds;
            double cores = (processCpuNanos(threads) - cpu) / 1e9 / seconds;
            report.line("4. Decisions re-made by the engine: %d trackers over %d lanes, each lane refreshed every 1 s (in-process, no I/O)",
                    trackers, lanes);
            report.line("   lane refreshes %.0f/s; decisions re-made %,.0f/s (%.1f per lane refresh); engine CPU %.3f cores",
                    laneRate, decisionRate, decisionRate / Math.max(laneRate, 1e-9), cores);
        } finally {
            loop.stop();
        }
    }

    private static long processCpuNanos(ThreadMXBean threads) {
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            total += Math.max(cpu, 0);
        }
        return total;
    }
}
