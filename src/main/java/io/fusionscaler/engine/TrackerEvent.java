package io.fusionscaler.engine;

/** Fired (synchronously, as a CDI event) when a tracker is made or dropped. */
public sealed interface TrackerEvent {

    ScaledObjectTracker tracker();

    record Created(ScaledObjectTracker tracker) implements TrackerEvent {
    }

    record Dropped(ScaledObjectTracker tracker) implements TrackerEvent {
    }
}
