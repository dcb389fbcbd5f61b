package io.fusionscaler.engine;

import io.fusionscaler.testing.MutableClock;
import io.fusionscaler.signal.SignalPace;
import io.fusionscaler.trigger.TriggerParser;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ExecutorService;

/** The engine without Quarkus: a registry, a refresh loop over {@link LaneSignal} and the lane refreshes it reported. */
final class TestEngine implements AutoCloseable {

    record Config(int refreshThreads, Duration sweepInterval, Duration trackerIdleTimeout, Duration firstRefreshWait)
            implements EngineConfig {
    }

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    final LaneSignal signal;
    final TrackerRegistry registry;
    final RefreshLoop loop;
    final List<LaneRefresh> refreshes = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService workers;

    TestEngine(SignalPace pace, int threads) {
        this(pace, threads, Duration.ofHours(1));
    }

    TestEngine(SignalPace pace, int threads, Duration sweepInterval) {
        this.signal = new LaneSignal(pace, clock);
        Config config = new Config(threads, sweepInterval, Duration.ofMinutes(10), Duration.ofSeconds(2));
        this.workers = Executors.newFixedThreadPool(threads);
        List<RefreshLoop> created = new ArrayList<>(1);
        this.registry = new TrackerRegistry(new TriggerParser(List.of(signal)), config.trackerIdleTimeout(), clock, event -> {
            if (event instanceof TrackerEvent.Created c) {
                created.get(0).onTrackerCreated(c);
            } else {
                created.get(0).onTrackerDropped((TrackerEvent.Dropped) event);
            }
        });
        this.loop = new RefreshLoop(registry, new SignalSources(List.of(signal)), config, clock, List.of(refreshes::add));
        created.add(loop);
    }

    TestEngine start() {
        signal.start(loop::requestRefresh);
        loop.start(timers, workers);
        return this;
    }

    ScaledObjectTracker track(String name, String lane) {
        return track(name, lane, name);
    }

    ScaledObjectTracker track(String name, String lane, String id) {
        return ((TrackerLookup.Found) registry.lookup("default", name, Map.of("laneName", lane, "laneId", id))).tracker();
    }

    List<LaneRefresh> refreshesOf(String lane) {
        synchronized (refreshes) {
            return refreshes.stream().filter(r -> r.lane().equals(lane)).toList();
        }
    }

    @Override
    public void close() {
        loop.stop();
        timers.shutdownNow();
        workers.shutdownNow();
    }
}
