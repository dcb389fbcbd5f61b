package io.fusionscaler.signal;

import io.fusionscaler.signal.SignalSpec;

import java.util.Set;

/** Reads one signal's keys from trigger metadata. One implementation per signal package. */
public interface SignalParser {

    /** The signal's name, e.g. {@code kafka}. */
    String signal();

    /** Every metadata key this signal owns (without the {@code FromEnv} variants). */
    Set<String> keys();

    /** Whether the metadata turns this signal on (typically: one of its keys is present). */
    boolean isConfigured(TriggerMetadata metadata);

    /** Validates the signal's keys; called only when {@link #isConfigured} is true. */
    SignalSpec parse(TriggerMetadata metadata) throws InvalidMetadataException;
}
