package io.fusionscaler.signal;

/**
 * Given by the engine to a source when the scaler starts: the source may ask for a spec's lane to refresh now,
 * outside its interval, when it learns that the spec's data has changed (a record arriving on a partition an
 * idle trigger watches, say). Requests while the lane refreshes make it refresh once more; they never pile up.
 */
@FunctionalInterface
public interface RefreshRequests {

    void refreshNow(SignalSpec spec);
}
