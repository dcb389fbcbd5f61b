package io.fusionscaler.engine;

import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.fusion.SignalState;
import io.fusionscaler.role.RoleComponent;
import io.fusionscaler.signal.SignalSpec;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Keeps every tracker fresh. The distinct specs of all trackers are grouped into lanes (source type ×
 * {@link SignalSpec#refreshLane()}); each lane refreshes on the engine's bounded worker pool at its source's
 * pace and at once when a spec joins it ({@link Lane}). When a lane's refresh is recorded, only the trackers
 * that use one of its specs are re-decided. A sweep drops idle trackers and re-decides the trackers whose data
 * has just gone stale, so their activity turns unknown without waiting for a refresh that may never come.
 */
@ApplicationScoped
public class RefreshLoop implements RoleComponent.OfScaler {

    private static final Logger LOG = Logger.getLogger(RefreshLoop.class);

    private final TrackerRegistry registry;
    private final SignalSources sources;
    private final EngineConfig config;
    private final Clock clock;
    private final RefreshObserver observers;
    private final Map<SignalSpec, SignalState> states = new ConcurrentHashMap<>();
    private final Map<SignalSpec, Set<ScaledObjectTracker>> users = new ConcurrentHashMap<>();
    private final Map<LaneKey, Lane> lanes = new ConcurrentHashMap<>();
    private final Object membership = new Object();
    private final LongAdder decisions = new LongAdder();
    private ScheduledExecutorService timers;
    private ExecutorService workers;
    private volatile Instant lastSweep;

    @Inject
    public RefreshLoop(TrackerRegistry registry, SignalSources sources, EngineConfig config, Clock clock,
                       @All List<RefreshObserver> observers) {
        this.registry = registry;
        this.sources = sources;
        this.config = config;
        this.clock = clock;
        this.observers = refresh -> observers.forEach(o -> o.laneRefreshed(refresh));
    }

    @Override
    public void start() {
        LOG.infof("engine starts with signals %s", registry.signals());
        sources.all().forEach(source -> source.start(this::requestRefresh));
        AtomicInteger workerNumber = new AtomicInteger();
        start(Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("fusion-refresh")),
                new ThreadPoolExecutor(config.refreshThreads(), config.refreshThreads(), 0, TimeUnit.MILLISECONDS,
                        new LinkedBlockingQueue<>(), runnable -> DaemonThreads.named("fusion-lane-" + workerNumber.incrementAndGet())
                        .newThread(runnable)));
    }

    /** Starts on the given executors (tests pass their own). */
    void start(ScheduledExecutorService timers, ExecutorService workers) {
        this.timers = timers;
        this.workers = workers;
        registry.all().forEach(this::track);
        timers.scheduleWithFixedDelay(this::sweep, 0, config.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (timers != null) {
            lanes.values().forEach(Lane::retire);
            timers.shutdownNow();
            workers.shutdownNow();
        }
    }

    void onTrackerCreated(@Observes TrackerEvent.Created created) {
        if (timers != null) {
            track(created.tracker());
        }
    }

    void onTrackerDropped(@Observes TrackerEvent.Dropped dropped) {
        untrack(dropped.tracker());
    }

    /** When the sweep last ran, or null before the first one: the engine's heartbeat. */
    public Instant lastSweep() {
        return lastSweep;
    }

    /** Decisions re-made so far because data changed or went stale (not counting those the RPCs make). */
    public long decisionsMade() {
        return decisions.sum();
    }

    /** Lanes currently refreshing or scheduled. */
    public int laneCount() {
        return lanes.size();
    }

    /** A source's request to refresh one spec now; ignored for a spec no tracker uses any more. */
    void requestRefresh(SignalSpec spec) {
        Lane lane = users.containsKey(spec) ? lanes.get(LaneKey.of(spec)) : null;
        if (lane != null) {
            lane.requestOnly(spec);
        }
    }

    private void track(ScaledObjectTracker tracker) {
        Set<Lane> toStart = new HashSet<>();
        synchronized (membership) {
            for (SignalSpec spec : tracker.spec().signals()) {
                users.computeIfAbsent(spec, s -> ConcurrentHashMap.newKeySet()).add(tracker);
                LaneKey key = LaneKey.of(spec);
                Lane lane = lanes.computeIfAbsent(key, this::newLane);
                states.putIfAbsent(spec, SignalState.pending(spec.signal(), sources.pace(key.type()).stalenessLimit()));
                if (lane.add(spec)) {
                    toStart.add(lane);
                }
            }
        }
        publish(tracker, clock.instant());
        toStart.forEach(Lane::request);
    }

    private void untrack(ScaledObjectTracker tracker) {
        synchronized (membership) {
            for (SignalSpec spec : tracker.spec().signals()) {
                Set<ScaledObjectTracker> using = users.get(spec);
                if (using == null || !using.remove(tracker) || !using.isEmpty()) {
                    continue;
                }
                users.remove(spec);
                states.remove(spec);
                LaneKey key = LaneKey.of(spec);
                Lane lane = lanes.get(key);
                if (lane != null) {
                    lane.remove(spec);
                    if (lane.isEmpty()) {
                        lane.retire();
                        lanes.remove(key);
                    }
                }
                sources.forget(spec);
            }
        }
    }

    private Lane newLane(LaneKey key) {
        return new Lane(key, sources.pace(key.type()), sources, this::record, observers, timers, workers, clock);
    }

    private void record(Set<SignalSpec> batch, Map<SignalSpec, SignalOutcome> outcomes, Instant at) {
        Set<ScaledObjectTracker> affected = new HashSet<>();
        for (SignalSpec spec : batch) {
            // A spec dropped while its lane refreshed stays dropped: computeIfPresent does not bring it back.
            if (states.computeIfPresent(spec, (s, previous) -> previous.record(outcomes.get(s), at)) != null) {
                affected.addAll(users.getOrDefault(spec, Set.of()));
            }
        }
        affected.forEach(tracker -> publish(tracker, at));
    }

    void sweep() {
        try {
            Instant now = clock.instant();
            registry.dropIdle(now);
            for (ScaledObjectTracker tracker : registry.all()) {
                if (tracker.goesStaleBy(now)) {
                    publish(tracker, now);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("engine sweep failed; it runs again at the next interval", e);
        } finally {
            lastSweep = clock.instant();
        }
    }

    private void publish(ScaledObjectTracker tracker, Instant now) {
        tracker.publish(tracker.spec().signals().stream()
                .map(s -> states.getOrDefault(s, SignalState.pending(s.signal(), sources.pace(s.getClass()).stalenessLimit())))
                .collect(Collectors.toList()), now);
        decisions.increment();
    }
}
