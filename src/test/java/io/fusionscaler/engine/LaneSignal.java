package io.fusionscaler.engine;

import io.fusionscaler.fusion.Coverage;
import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.signal.InvalidMetadataException;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.signal.RefreshRequests;
import io.fusionscaler.signal.SignalPace;
import io.fusionscaler.signal.SignalParser;
import io.fusionscaler.signal.SignalSource;
import io.fusionscaler.signal.SignalSpec;
import io.fusionscaler.signal.TriggerContext;
import io.fusionscaler.signal.TriggerMetadata;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A signal for engine tests: metadata {@code laneName=<lane>, laneId=<id>} makes a spec in that lane; each lane can be
 * held (its refreshes block until released) and each refresh is recorded, with the number running at once per lane.
 */
final class LaneSignal implements SignalParser, SignalSource<LaneSignal.Spec> {

    record Spec(String lane, String id) implements SignalSpec {
        @Override
        public String signal() {
            return "lane";
        }

        @Override
        public Object refreshLane() {
            return lane;
        }

        @Override
        public String laneLabel() {
            return lane;
        }
    }

    private final SignalPace pace;
    private final Clock clock;
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostAtOnce = new ConcurrentHashMap<>();
    private final List<Set<Spec>> refreshes = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger interrupted = new AtomicInteger();
    private volatile long desired = 1;
    private volatile RefreshRequests requests;

    LaneSignal(SignalPace pace, Clock clock) {
        this.pace = pace;
        this.clock = clock;
    }

    static SignalPace pace(Duration interval, Duration budget, Duration staleness) {
        return new SignalPace(interval, budget, staleness, "fusion.lane.refresh-budget");
    }

    /** Refreshes of {@code lane} block from now on until {@link #release}. */
    void hold(String lane) {
        held.put(lane, new CountDownLatch(1));
    }

    void release(String lane) {
        CountDownLatch latch = held.remove(lane);
        if (latch != null) {
            latch.countDown();
        }
    }

    void desire(long replicas) {
        desired = replicas;
    }

    int mostAtOnce(String lane) {
        return mostAtOnce.getOrDefault(lane, new AtomicInteger()).get();
    }

    int interruptedRefreshes() {
        return interrupted.get();
    }

    List<Set<Spec>> refreshes() {
        synchronized (refreshes) {
            return List.copyOf(refreshes);
        }
    }

    long refreshesOf(Spec spec) {
        return refreshes().stream().filter(batch -> batch.contains(spec)).count();
    }

    @Override
    public String signal() {
        return "lane";
    }

    @Override
    public Set<String> keys() {
        return Set.of("laneName", "laneId");
    }

    @Override
    public boolean isConfigured(TriggerMetadata metadata) {
        return metadata.has("laneName");
    }

    @Override
    public SignalSpec parse(TriggerContext context) throws InvalidMetadataException {
        return new Spec(context.metadata().requiredString("laneName"), context.metadata().string("laneId").orElse(""));
    }

    @Override
    public Class<Spec> specType() {
        return Spec.class;
    }

    @Override
    public SignalPace pace() {
        return pace;
    }

    @Override
    public void start(RefreshRequests engineRequests) {
        requests = engineRequests;
    }

    /** Asks the engine, as a source would on news about {@code spec}, to refresh its lane now. */
    void refreshNow(Spec spec) {
        requests.refreshNow(spec);
    }

    @Override
    public Map<Spec, SignalOutcome> refresh(Set<Spec> specs, RefreshDeadline deadline) {
        String lane = specs.iterator().next().lane();
        int now = running.computeIfAbsent(lane, l -> new AtomicInteger()).incrementAndGet();
        mostAtOnce.computeIfAbsent(lane, l -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        try {
            refreshes.add(Set.copyOf(specs));
            CountDownLatch latch = held.get(lane);
            if (latch != null) {
                latch.await();
            }
            Map<Spec, SignalOutcome> outcomes = new HashMap<>();
            specs.forEach(spec -> outcomes.put(spec, new SignalOutcome.Measured(new SignalReading("lane", desired, desired,
                    desired > 0, clock.instant(), Coverage.whole(1, "lanes"), Map.of()))));
            return outcomes;
        } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            Thread.currentThread().interrupt();
            Map<Spec, SignalOutcome> outcomes = new HashMap<>();
            specs.forEach(spec -> outcomes.put(spec, new SignalOutcome.Failed("interrupted")));
            return outcomes;
        } finally {
            running.get(lane).decrementAndGet();
        }
    }
}
