package io.fusionscaler.engine;

/** Told, on the lane's worker, after every lane refresh (metrics, logs). Must not block. */
public interface RefreshObserver {

    void laneRefreshed(LaneRefresh refresh);
}
