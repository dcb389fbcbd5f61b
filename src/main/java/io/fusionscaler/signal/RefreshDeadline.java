package io.fusionscaler.signal;

import java.time.Duration;

/** The moment by which one lane's refresh must be done; the engine gives it, a source spends it on its I/O. */
public record RefreshDeadline(long atNanos, Duration budget) {

    public static RefreshDeadline after(Duration budget) {
        return new RefreshDeadline(System.nanoTime() + budget.toNanos(), budget);
    }

    /** Milliseconds left, at least 0. */
    public long remainingMillis() {
        return Math.max(0, (atNanos - System.nanoTime()) / 1_000_000);
    }
}
