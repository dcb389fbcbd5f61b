package io.fusionscaler.engine;

import io.fusionscaler.signal.SignalSpec;

import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.fusion.SignalState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Keeps every tracker fresh. Every {@code fusion.engine.refresh-interval}, and at once when a tracker
 * appears, a pass gathers the distinct specs of all trackers and groups them into lanes (source type ×
 * {@link SignalSpec#refreshLane()}). Each idle lane is refreshed on a worker with one batched source call;
 * when it completes, its outcomes are recorded per spec and every tracker is republished. Lanes run
 * independently, so one slow cluster delays only its own specs, and a lane still busy from an earlier
 * pass is not started twice (it reruns as soon as it finishes if it was asked for meanwhile).
 */
@ApplicationScoped
public class RefreshLoop {

    private static final Logger LOG = Logger.getLogger(RefreshLoop.class);

    private final TrackerRegistry registry;
    private final SignalSources sources;
    private final EngineConfig config;
    private final Clock clock;
    private final Map<SignalSpec, SignalState> states = new ConcurrentHashMap<>();
    private final Map<LaneKey, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicBoolean extraPassQueued = new AtomicBoolean();
    private ScheduledExecutorService loop;
    private ExecutorService laneWorkers;
    private volatile Instant lastPassEnd;
    private volatile Duration lastLaneDuration = Duration.ZERO;

    public RefreshLoop(TrackerRegistry registry, SignalSources sources, EngineConfig config, Clock clock) {
        this.registry = registry;
        this.sources = sources;
        this.config = config;
        this.clock = clock;
    }

    private record LaneKey(Class<?> type, Object lane) {
    }

    /** One lane's refresh state; {@code specs} is replaced by each pass before the lane is (re)started. */
    private final class Lane {
        private final LaneKey key;
        private final AtomicBoolean running = new AtomicBoolean();
        private volatile boolean rerun;
        private volatile Set<SignalSpec> specs = Set.of();

        Lane(LaneKey key) {
            this.key = key;
        }

        void request(Set<SignalSpec> current) {
            specs = current;
            if (running.compareAndSet(false, true)) {
                laneWorkers.execute(this::run);
            } else {
                rerun = true;
            }
        }

        private void run() {
            do {
                do {
                    rerun = false;
                    refresh(specs);
                } while (rerun && !laneWorkers.isShutdown());
                running.set(false);
                // A request that saw this lane still running, just before it stopped, must not be lost.
            } while (rerun && !laneWorkers.isShutdown() && running.compareAndSet(false, true));
        }

        private void refresh(Set<SignalSpec> batch) {
            Instant start = clock.instant();
            Map<SignalSpec, SignalOutcome> outcomes;
            try {
                outcomes = sources.refresh(key.type(), batch);
            } catch (RuntimeException e) {
                LOG.errorf(e, "signal source for %s failed unexpectedly", key.type().getSimpleName());
                outcomes = Map.of();
            }
            Instant measuredAt = clock.instant();
            for (SignalSpec spec : batch) {
                SignalOutcome outcome = outcomes.getOrDefault(spec,
                        new SignalOutcome.Failed("internal error: the " + spec.signal() + " source returned no result"));
                states.compute(spec, (s, previous) -> (previous == null ? SignalState.pending(s.signal()) : previous).record(outcome, measuredAt));
            }
            lastLaneDuration = Duration.between(start, measuredAt);
            publishAll(measuredAt);
        }
    }

    void start(@Observes StartupEvent event) {
        loop = Executors.newSingleThreadScheduledExecutor(daemon("fusion-refresh"));
        laneWorkers = Executors.newCachedThreadPool(daemon("fusion-source"));
        loop.scheduleWithFixedDelay(this::pass, 0, config.refreshInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.shutdownNow();
            laneWorkers.shutdownNow();
        }
    }

    void onTrackerCreated(@Observes TrackerEvent.Created created) {
        if (loop != null && extraPassQueued.compareAndSet(false, true)) {
            loop.execute(this::pass);
        }
    }

    /** When the last pass ended, or null before the first one. */
    public Instant lastPassEnd() {
        return lastPassEnd;
    }

    /** How long the most recently completed lane refresh took. */
    public Duration lastLaneDuration() {
        return lastLaneDuration;
    }

    void pass() {
        extraPassQueued.set(false);
        try {
            registry.dropIdle(clock.instant());
            Collection<ScaledObjectTracker> trackers = registry.all();
            Map<LaneKey, Set<SignalSpec>> byLane = specsByLane(trackers);
            forgetUnused(byLane);
            byLane.forEach((key, specs) -> lanes.computeIfAbsent(key, Lane::new).request(specs));
            // Trackers whose states did not change still need republishing, so that staleness is noticed.
            publishAll(clock.instant());
        } catch (RuntimeException e) {
            LOG.error("refresh pass failed; trackers keep their last states and go stale", e);
        } finally {
            lastPassEnd = clock.instant();
        }
    }

    private void publishAll(Instant now) {
        for (ScaledObjectTracker tracker : registry.all()) {
            tracker.publish(tracker.spec().signals().stream()
                    .map(s -> states.getOrDefault(s, SignalState.pending(s.signal())))
                    .collect(Collectors.toList()), now);
        }
    }

    private static Map<LaneKey, Set<SignalSpec>> specsByLane(Collection<ScaledObjectTracker> trackers) {
        Map<LaneKey, Set<SignalSpec>> byLane = new HashMap<>();
        for (ScaledObjectTracker tracker : trackers) {
            for (SignalSpec spec : tracker.spec().signals()) {
                byLane.computeIfAbsent(new LaneKey(spec.getClass(), spec.refreshLane()), k -> new HashSet<>()).add(spec);
            }
        }
        return byLane;
    }

    private void forgetUnused(Map<LaneKey, Set<SignalSpec>> live) {
        Set<SignalSpec> liveSpecs = live.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        for (SignalSpec spec : Set.copyOf(states.keySet())) {
            if (!liveSpecs.contains(spec)) {
                states.remove(spec);
                sources.forget(spec);
            }
        }
        lanes.keySet().removeIf(key -> !live.containsKey(key) && !lanes.get(key).running.get());
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
