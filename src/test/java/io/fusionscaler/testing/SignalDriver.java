package io.fusionscaler.testing;

import java.util.Map;

/**
 * Makes one trigger's signal say what a contract test needs, through whatever source the scaler under test reads: the
 * in-process {@link ScriptedSignal}, or a real Kafka topic for the packaged build ({@link KafkaSignalDriver}). A contract
 * written against this interface runs against both.
 */
public interface SignalDriver {

    /** The signal's name in the scaler's answers, metrics and explain view ({@code "scripted"}, {@code "kafka"}). */
    String signal();

    /** The scaler metadata of a trigger whose signal this driver controls; {@code id} is new for each trigger. */
    Map<String, String> trigger(String id);

    /**
     * From now on the trigger's signal measures {@code desiredReplicas}, active or not (the scaler sees it at its next
     * refresh). Returns the signal's value, the figure the explain view and the per-signal metric show.
     *
     * @throws IllegalArgumentException for a combination this signal cannot produce
     */
    double measure(String id, long desiredReplicas, boolean active);

    /** From now on the trigger's signal fails; returns a text the scaler's reason for the failure contains. */
    String fail(String id);
}
