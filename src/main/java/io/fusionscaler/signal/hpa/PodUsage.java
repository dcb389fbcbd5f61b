package io.fusionscaler.signal.hpa;

import java.time.Duration;
import java.time.Instant;

/** One pod's usage of one resource, in thousandths, with the interval it was measured over (the HPA's PodMetric). */
record PodUsage(long milli, Instant timestamp, Duration window) {

    PodUsage withValue(long value) {
        return new PodUsage(value, timestamp, window);
    }
}
