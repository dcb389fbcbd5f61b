package io.fusionscaler.engine;

import io.fusionscaler.trigger.ParsedTrigger;

/** The tracker for a ScaledObjectRef, or why its metadata cannot be tracked. */
public sealed interface TrackerLookup {

    record Found(ScaledObjectTracker tracker) implements TrackerLookup {
    }

    record Rejected(ParsedTrigger.Invalid problem) implements TrackerLookup {
    }
}
