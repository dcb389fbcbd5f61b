package io.fusionscaler.engine;

import io.fusionscaler.trigger.ParsedTrigger;
import io.fusionscaler.trigger.TriggerParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every trigger KEDA has asked about recently. A tracker is made on the first call for a (namespace, name,
 * metadata) triple, so a ScaledObject whose metadata changes gets a new tracker and the old one ages out.
 */
@ApplicationScoped
public class TrackerRegistry {

    private final Map<TrackerKey, ScaledObjectTracker> trackers = new ConcurrentHashMap<>();
    private final TriggerParser parser;
    private final Duration idleTimeout;
    private final Clock clock;
    private final Consumer<TrackerEvent> events;

    @Inject
    public TrackerRegistry(TriggerParser parser, EngineConfig config, Clock clock, Event<TrackerEvent> events) {
        this(parser, config.trackerIdleTimeout(), clock, events::fire);
    }

    /** The registry without CDI: {@code events} hears of every tracker made and dropped. */
    public TrackerRegistry(TriggerParser parser, Duration idleTimeout, Clock clock, Consumer<TrackerEvent> events) {
        this.parser = parser;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
        this.events = events;
    }

    public TrackerLookup lookup(String namespace, String name, Map<String, String> metadata) {
        TrackerKey key = new TrackerKey(namespace, name, metadata);
        Instant now = clock.instant();
        ScaledObjectTracker tracker = trackers.get(key);
        if (tracker == null) {
            ParsedTrigger parsed = parser.parse(namespace, name, metadata);
            if (parsed instanceof ParsedTrigger.Invalid invalid) {
                return new TrackerLookup.Rejected(invalid);
            }
            tracker = create(key, (ParsedTrigger.Valid) parsed, now);
        }
        tracker.touch(now);
        return new TrackerLookup.Found(tracker);
    }

    /** The signals triggers can use, by name. */
    public List<String> signals() {
        return parser.signals();
    }

    private ScaledObjectTracker create(TrackerKey key, ParsedTrigger.Valid parsed, Instant now) {
        ScaledObjectTracker fresh = new ScaledObjectTracker(key, parsed.spec(), now);
        ScaledObjectTracker winner = trackers.putIfAbsent(key, fresh);
        if (winner != null) {
            return winner;
        }
        events.accept(new TrackerEvent.Created(fresh));
        return fresh;
    }

    public Collection<ScaledObjectTracker> all() {
        return List.copyOf(trackers.values());
    }

    public int size() {
        return trackers.size();
    }

    /** Drops trackers nobody asked about for the configured idle timeout; returns them. */
    List<ScaledObjectTracker> dropIdle(Instant now) {
        Instant cutoff = now.minus(idleTimeout);
        List<ScaledObjectTracker> dropped = new ArrayList<>();
        for (ScaledObjectTracker tracker : trackers.values()) {
            if (tracker.lastAccess().isBefore(cutoff) && tracker.subscriberCount() == 0
                    && trackers.remove(tracker.key(), tracker)) {
                dropped.add(tracker);
                events.accept(new TrackerEvent.Dropped(tracker));
            }
        }
        return dropped;
    }
}
