package io.fusionscaler.signal.kafka;

import java.time.Duration;

/** The moment by which a cluster's refresh must be done, shared by its successive Admin calls. */
record Deadline(long atNanos) {

    static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    /** Milliseconds left, at least 0. */
    long remainingMillis() {
        return Math.max(0, (atNanos - System.nanoTime()) / 1_000_000);
    }
}
