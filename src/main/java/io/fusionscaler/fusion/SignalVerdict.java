package io.fusionscaler.fusion;

import java.time.Duration;

/**
 * One signal's part in a decision, as the explain view shows it.
 *
 * @param reading the reading used, or null when there has been none
 * @param age     time since the last successful refresh, or null when there has been none
 * @param fresh   whether {@code reading} was young enough to be used
 */
public record SignalVerdict(String signal, SignalReading reading, Duration age, boolean fresh, String lastError) {
}
