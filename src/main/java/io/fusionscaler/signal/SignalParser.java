package io.fusionscaler.signal;

import java.util.Set;

/**
 * Reads one signal's keys from trigger metadata. One implementation per signal package. Keys of signals other
 * than Kafka start with the signal's name ({@code cpu…}, {@code queue…}): Kafka's keep the names of KEDA's
 * kafka trigger, so its metadata moves over verbatim. No two parsers may claim one key.
 */
public interface SignalParser {

    /** The signal's name, e.g. {@code kafka}. */
    String signal();

    /** Every metadata key this signal owns (without the {@code FromEnv} variants). */
    Set<String> keys();

    /**
     * True only for a signal whose keys keep the names of a KEDA trigger (Kafka's), so that trigger's metadata moves
     * over verbatim; every other signal's keys start with its name.
     */
    default boolean keepsKedaKeyNames() {
        return false;
    }

    /** Whether the metadata turns this signal on: by default, when one of its {@link #keys()} is present. */
    default boolean isConfigured(TriggerMetadata metadata) {
        return keys().stream().anyMatch(metadata::has);
    }

    /**
     * Validates the signal's keys; called only when {@link #isConfigured} is true. Pure: no I/O, so that
     * GetMetricSpec never fails for a data source's trouble.
     */
    SignalSpec parse(TriggerContext context) throws InvalidMetadataException;
}
