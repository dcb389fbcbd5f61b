package io.fusionscaler.signal.kafka;

import java.util.Locale;

/** KEDA's {@code offsetResetPolicy}: what a partition without a committed offset counts as. */
public enum OffsetResetPolicy {
    LATEST,
    EARLIEST;

    /** The metadata value, as KEDA spells it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
