package io.fusionscaler.engine;

/** Told, on the refresh thread, whenever a tracker's activity state changes. Must not block. */
@FunctionalInterface
public interface ActivityListener {

    void onActivity(ActivityState state);
}
