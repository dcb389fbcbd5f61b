package io.fusionscaler.fusion;

import java.time.Duration;

/**
 * One signal's part in a decision, as the explain view shows it.
 *
 * @param reading      the latest reading, fresh or not; null when the signal is absent or was never measured
 * @param absentReason why there is nothing to measure, for {@link Status#ABSENT}
 * @param age          age of the signal's data (since it was observed), or null when there has been none
 */
public record SignalVerdict(String signal, Status status, SignalReading reading, String absentReason, Duration age,
        String lastError) {

    public enum Status {
        /** A fresh reading takes part in the decision. */
        MEASURED,
        /** Known to have nothing to measure: left out of the decision. */
        ABSENT,
        /** No data young enough: the decision is unavailable. */
        UNKNOWN
    }

    public boolean fresh() {
        return status != Status.UNKNOWN;
    }
}
