package io.fusionscaler.engine;

import io.fusionscaler.fusion.Decision;
import io.fusionscaler.fusion.Fusion;
import io.fusionscaler.fusion.SignalState;
import io.fusionscaler.trigger.TriggerSpec;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The engine's view of one trigger. The engine publishes immutable signal states into it; RPCs read them
 * and fuse them with the current time, so a stalled refresh turns into UNAVAILABLE answers on its own
 * rather than into old numbers.
 */
public final class ScaledObjectTracker {

    private final TrackerKey key;
    private final TriggerSpec spec;
    private final Fusion fusion;
    private final Instant createdAt;
    private final CompletableFuture<Void> firstRefresh = new CompletableFuture<>();
    private final Set<ActivityListener> listeners = new CopyOnWriteArraySet<>();
    private volatile List<SignalState> states;
    private volatile ActivityState activity = ActivityState.UNKNOWN;
    private volatile Instant lastAccess;
    private volatile Instant nextStaleAt;

    ScaledObjectTracker(TrackerKey key, TriggerSpec spec, Instant now) {
        this.key = key;
        this.spec = spec;
        this.fusion = new Fusion(spec.policy());
        this.createdAt = now;
        this.lastAccess = now;
        this.states = List.of();
    }

    public TrackerKey key() {
        return key;
    }

    public TriggerSpec spec() {
        return spec;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant lastAccess() {
        return lastAccess;
    }

    void touch(Instant now) {
        lastAccess = now;
    }

    /** Completes once every signal has had its first outcome, whatever it was. */
    public CompletableFuture<Void> firstRefresh() {
        return firstRefresh;
    }

    /** Fuses the latest published states as of {@code now}. Pure computation: safe on any thread. */
    public Decision decision(Instant now) {
        return fusion.decide(states, now);
    }

    public ActivityState activity() {
        return activity;
    }

    /** Registers a listener; returns the activity state at that moment, read after registering so no change is missed. */
    public ActivityState subscribe(ActivityListener listener) {
        listeners.add(listener);
        return activity;
    }

    public void unsubscribe(ActivityListener listener) {
        listeners.remove(listener);
    }

    public int subscriberCount() {
        return listeners.size();
    }

    /** Whether a published state has gone stale since the last decision, so the decision must be re-made. */
    boolean goesStaleBy(Instant now) {
        Instant staleAt = nextStaleAt;
        return staleAt != null && !staleAt.isAfter(now);
    }

    /** Called by lane workers and the sweep; synchronized so activity changes are seen and told in order. */
    synchronized void publish(List<SignalState> newStates, Instant now) {
        states = List.copyOf(newStates);
        if (newStates.stream().noneMatch(SignalState::awaitingFirstOutcome)) {
            firstRefresh.complete(null);
        }
        nextStaleAt = newStates.stream().map(SignalState::staleAt)
                .filter(at -> at != null && at.isAfter(now))
                .min(Instant::compareTo).orElse(null);
        ActivityState next = ActivityState.of(decision(now));
        if (next != activity) {
            activity = next;
            listeners.forEach(l -> l.onActivity(next));
        }
    }
}
