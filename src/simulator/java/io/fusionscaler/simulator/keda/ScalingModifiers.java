package io.fusionscaler.simulator.keda;

import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code spec.advanced.scalingModifiers} as KEDA evaluates it (kedacore/keda pkg/scaling/modifiers/formula.go,
 * pkg/scaling/scale_handler.go, controllers/keda/hpa.go; keda.sh docs "Scaling Modifiers"):
 * <ul>
 *   <li>each external trigger's current value is bound to its {@code name}; the formula sees these values only, with no
 *       history between evaluations;</li>
 *   <li>the result is one External metric, {@code composite-metric}, with the formula's {@code target} (AverageValue):
 *       it replaces every other external metric in the HPA, while cpu/memory triggers stay beside it as Resource
 *       metrics (and cannot appear in the formula, kedacore/keda#4992);</li>
 *   <li>the ScaledObject is active exactly when the composite value is strictly above {@code activationTarget}
 *       (default 0); the triggers' own activity no longer counts.</li>
 * </ul>
 * The formula language (expr-lang) is not embedded: a simulated formula is its expr text, for people, and the same
 * arithmetic in Java.
 *
 * @param formula the expression as a user writes it in the ScaledObject
 */
public record ScalingModifiers(String formula, ToDoubleFunction<Map<String, Double>> arithmetic, double target,
        double activationTarget) {

    public ScalingModifiers {
        if (!(target > 0)) {
            throw new IllegalArgumentException("scalingModifiers.target must be > 0, got " + target);
        }
    }

    public double composite(Map<String, Double> values) {
        return arithmetic.applyAsDouble(values);
    }

    public boolean active(double composite) {
        return composite > activationTarget;
    }
}
