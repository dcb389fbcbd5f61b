package io.fusionscaler.signal;

/**
 * Given by the engine to a source when the scaler starts: the source may ask for one spec to be refreshed now, by
 * itself and outside its lane's interval, when it learns that the spec's data has changed (a record arriving on a
 * partition an idle trigger watches, say). The refresh runs on the lane's worker, never beside the lane's own;
 * requests while it runs are served right after, and never pile up.
 */
@FunctionalInterface
public interface RefreshRequests {

    void refreshNow(SignalSpec spec);
}
