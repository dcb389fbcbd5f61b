package io.fusionscaler.simulator.workload;

import java.util.Arrays;

/** How long consumed messages waited between being produced and being processed, in whole seconds. */
public final class WaitingTimes {

    private long[] messagesByWait = new long[64];
    private long messages;
    private int longest;

    void record(long waitSeconds, long count) {
        if (count <= 0) {
            return;
        }
        int wait = Math.toIntExact(waitSeconds);
        if (wait >= messagesByWait.length) {
            messagesByWait = Arrays.copyOf(messagesByWait, Math.max(wait + 1, messagesByWait.length * 2));
        }
        messagesByWait[wait] += count;
        messages += count;
        longest = Math.max(longest, wait);
    }

    public long messages() {
        return messages;
    }

    /** The wait that {@code quantile} (0 to 1) of the messages did not exceed; 0 when none were consumed. */
    public long percentile(double quantile) {
        if (quantile < 0 || quantile > 1) {
            throw new IllegalArgumentException("quantile must be within [0, 1], got " + quantile);
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * messages));
        long seen = 0;
        for (int wait = 0; wait <= longest; wait++) {
            seen += messagesByWait[wait];
            if (seen >= rank) {
                return wait;
            }
        }
        return 0;
    }

    public long max() {
        return longest;
    }
}
