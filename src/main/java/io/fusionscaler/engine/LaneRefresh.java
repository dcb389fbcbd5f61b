package io.fusionscaler.engine;

import java.time.Duration;

/**
 * What one refresh of one lane did, as the engine tells {@link RefreshObserver}s.
 *
 * @param failed       specs whose outcome was a failure
 * @param firstFailure one failure reason, or null when none failed
 * @param overran      whether the engine gave up on the refresh at its budget
 */
public record LaneRefresh(String signal, String lane, Duration took, int specs, int failed, String firstFailure,
        boolean overran) {
}
