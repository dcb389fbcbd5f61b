package io.fusionscaler.simulator.workload;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The topic's unprocessed messages, oldest first. Messages produced in the same second form one cohort; consumers
 * take from the oldest cohort, so every consumed message's wait is known to the second.
 */
public final class Backlog {

    private static final class Cohort {
        final long producedAt;
        long remaining;

        Cohort(long producedAt, long remaining) {
            this.producedAt = producedAt;
            this.remaining = remaining;
        }
    }

    private final Deque<Cohort> cohorts = new ArrayDeque<>();
    private final WaitingTimes waits = new WaitingTimes();
    private long produced;
    private long consumed;

    public void produce(long second, long messages) {
        if (messages < 0) {
            throw new IllegalArgumentException("cannot produce " + messages + " messages");
        }
        if (messages > 0) {
            cohorts.addLast(new Cohort(second, messages));
            produced += messages;
        }
    }

    /** Takes up to {@code messages} of the oldest messages at second {@code second}; returns how many were taken. */
    public long consume(long second, long messages) {
        long taken = 0;
        while (taken < messages && !cohorts.isEmpty()) {
            Cohort oldest = cohorts.peekFirst();
            long take = Math.min(oldest.remaining, messages - taken);
            oldest.remaining -= take;
            taken += take;
            waits.record(second - oldest.producedAt, take);
            if (oldest.remaining == 0) {
                cohorts.removeFirst();
            }
        }
        consumed += taken;
        return taken;
    }

    /** Messages produced so far: the topic's log-end offset summed over partitions. */
    public long produced() {
        return produced;
    }

    /** Messages consumed so far: the group's committed offset summed over partitions. */
    public long consumed() {
        return consumed;
    }

    public long size() {
        return produced - consumed;
    }

    public WaitingTimes waits() {
        return waits;
    }
}
