package io.fusionscaler.engine;

import io.fusionscaler.signal.SignalSpec;

/** One source type and one of its lanes, e.g. the Kafka source on cluster {@code orders}. */
record LaneKey(Class<? extends SignalSpec> type, Object lane) {

    static LaneKey of(SignalSpec spec) {
        return new LaneKey(spec.getClass(), spec.refreshLane());
    }
}
