package io.fusionscaler.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system clock plus an offset the benchmark moves forward, so that rounds run back to back read as a pace apart. */
final class SteppedClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    void step(Duration by) {
        offset = offset.plus(by);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the benchmark's clock is UTC only");
    }
}
