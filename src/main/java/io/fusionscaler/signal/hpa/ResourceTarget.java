package io.fusionscaler.signal.hpa;

import io.fusionscaler.target.Quantity;

import java.util.Objects;

/** What a resource signal aims at per pod: a share of the pods' requests, or an absolute average. */
public sealed interface ResourceTarget {

    /** Percent of the pods' requests (the HPA's {@code averageUtilization}). */
    record Utilization(int percent) implements ResourceTarget {
        public Utilization {
            if (percent <= 0) {
                throw new IllegalArgumentException("percent must be > 0, got " + percent);
            }
        }

        @Override
        public String toString() {
            return percent + "%";
        }
    }

    /** An average usage per pod (the HPA's {@code averageValue}), e.g. {@code 300Mi}. */
    record AverageValue(Quantity quantity) implements ResourceTarget {
        public AverageValue {
            Objects.requireNonNull(quantity, "quantity");
            if (!quantity.isPositive()) {
                throw new IllegalArgumentException("quantity must be > 0, got " + quantity);
            }
        }

        @Override
        public String toString() {
            return quantity.toString();
        }
    }
}
