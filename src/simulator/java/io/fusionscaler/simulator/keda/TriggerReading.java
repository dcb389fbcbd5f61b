package io.fusionscaler.simulator.keda;

/** One answer of a trigger's scaler: its metric value and whether it is active ({@code GetMetricsAndActivity}). */
public record TriggerReading(double value, boolean active) {
}
