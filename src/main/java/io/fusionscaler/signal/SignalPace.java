package io.fusionscaler.signal;

import java.time.Duration;
import java.util.Objects;

/**
 * How the engine drives one source: how often its lanes refresh, how long one refresh of one lane may take
 * before the engine records a failure naming that budget, and how old its data may be before answers that
 * depend on it become UNAVAILABLE. Each signal reads these from its own {@code fusion.<signal>.*} settings.
 *
 * @param budgetKey the setting that holds {@code refreshBudget}, named in the failure when a lane overruns
 */
public record SignalPace(Duration refreshInterval, Duration refreshBudget, Duration stalenessLimit, String budgetKey) {

    public SignalPace {
        Objects.requireNonNull(budgetKey, "budgetKey");
        positive("refreshInterval", refreshInterval);
        positive("refreshBudget", refreshBudget);
        positive("stalenessLimit", stalenessLimit);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }
}
