package io.fusionscaler.engine;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The one background loop that keeps every tracker fresh. Each pass gathers the distinct specs of all
 * trackers, asks each source once for all of its specs (sources batch their I/O), records the outcomes
 * per spec and publishes them to the trackers. Passes run on a single thread, one after another, every
 * {@code fusion.engine.refresh-interval} and as soon as a new tracker appears.
 */
@ApplicationScoped
public class RefreshLoop {

    private static final Logger LOG = Logger.getLogger(RefreshLoop.class);

    private final TrackerRegistry registry;
    private final SignalSources sources;
    private final EngineConfig config;
    private final Clock clock;
    private final Map<SignalSpec, SignalState> states = new HashMap<>();
    private final AtomicBoolean extraPassQueued = new AtomicBoolean();
    private ScheduledExecutorService loop;
    private ExecutorService sourceWorkers;
    private volatile Instant lastPassEnd;
    private volatile Duration lastPassDuration = Duration.ZERO;

    public RefreshLoop(TrackerRegistry registry, SignalSources sources, EngineConfig config, Clock clock) {
        this.registry = registry;
        this.sources = sources;
        this.config = config;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        loop = Executors.newSingleThreadScheduledExecutor(daemon("fusion-refresh"));
        sourceWorkers = Executors.newCachedThreadPool(daemon("fusion-source"));
        loop.scheduleWithFixedDelay(this::pass, 0, config.refreshInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.shutdownNow();
            sourceWorkers.shutdownNow();
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

    public Duration lastPassDuration() {
        return lastPassDuration;
    }

    void pass() {
        extraPassQueued.set(false);
        Instant start = clock.instant();
        try {
            registry.dropIdle(start);
            List<ScaledObjectTracker> trackers = new ArrayList<>(registry.all());
            Map<SignalSpec, SignalOutcome> outcomes = refreshAll(specsByType(trackers));
            Instant measuredAt = clock.instant();
            outcomes.forEach((spec, outcome) ->
                    states.put(spec, states.getOrDefault(spec, SignalState.pending(spec.signal())).record(outcome, measuredAt)));
            forgetUnused(outcomes.keySet());
            for (ScaledObjectTracker tracker : trackers) {
                tracker.publish(tracker.spec().signals().stream().map(states::get).collect(Collectors.toList()), measuredAt);
            }
        } catch (RuntimeException e) {
            LOG.error("refresh pass failed; trackers keep their last states and go stale", e);
        } finally {
            Instant end = clock.instant();
            lastPassDuration = Duration.between(start, end);
            lastPassEnd = end;
        }
    }

    private static Map<Class<?>, Set<SignalSpec>> specsByType(List<ScaledObjectTracker> trackers) {
        Map<Class<?>, Set<SignalSpec>> byType = new HashMap<>();
        for (ScaledObjectTracker tracker : trackers) {
            for (SignalSpec spec : tracker.spec().signals()) {
                byType.computeIfAbsent(spec.getClass(), t -> new HashSet<>()).add(spec);
            }
        }
        return byType;
    }

    private Map<SignalSpec, SignalOutcome> refreshAll(Map<Class<?>, Set<SignalSpec>> byType) {
        List<CompletableFuture<Map<SignalSpec, SignalOutcome>>> running = new ArrayList<>();
        byType.forEach((type, specs) -> running.add(CompletableFuture
                .supplyAsync(() -> sources.refresh(type, specs), sourceWorkers)
                .exceptionally(failure -> failAll(specs, failure))
                .thenApply(result -> completeResult(specs, result))));
        Map<SignalSpec, SignalOutcome> all = new HashMap<>();
        running.forEach(f -> all.putAll(f.join()));
        return all;
    }

    /** A source breaking its contract must not leave specs without an outcome. */
    private static Map<SignalSpec, SignalOutcome> completeResult(Set<SignalSpec> specs, Map<SignalSpec, SignalOutcome> result) {
        Map<SignalSpec, SignalOutcome> complete = new HashMap<>(result);
        for (SignalSpec spec : specs) {
            complete.putIfAbsent(spec, new SignalOutcome.Failed("internal error: the " + spec.signal() + " source returned no result"));
        }
        return complete;
    }

    private static Map<SignalSpec, SignalOutcome> failAll(Set<SignalSpec> specs, Throwable failure) {
        LOG.error("signal source failed unexpectedly", failure);
        Map<SignalSpec, SignalOutcome> failed = new HashMap<>();
        specs.forEach(s -> failed.put(s, new SignalOutcome.Failed("internal error in the " + s.signal() + " source: " + failure)));
        return failed;
    }

    private void forgetUnused(Set<SignalSpec> live) {
        List<SignalSpec> unused = states.keySet().stream().filter(s -> !live.contains(s)).collect(Collectors.toList());
        for (SignalSpec spec : unused) {
            states.remove(spec);
            sources.forget(spec);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
