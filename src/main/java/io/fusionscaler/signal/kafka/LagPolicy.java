package io.fusionscaler.signal.kafka;

import java.util.Objects;

/** How a Kafka trigger turns lag into replicas ({@code lagPolicy}). */
public sealed interface LagPolicy {

    /** KEDA's arithmetic, the default: desired = ceil(lag / lagThreshold), capped at the partitions. */
    LagPolicy THRESHOLD = new Threshold();

    /** The metadata value. */
    String key();

    /** KEDA's arithmetic. It holds nothing of a ScaledObject, so equal metadata shares one spec and one refresh. */
    record Threshold() implements LagPolicy {

        @Override
        public String key() {
            return "threshold";
        }
    }

    /**
     * The lag-rate policy ({@link LagRateModel}). It reads the replica count of the ScaledObject's target and keeps a rate
     * history, so its spec belongs to one ScaledObject and is never shared.
     */
    record Rate(String namespace, String scaledObject, LagRateSettings settings) implements LagPolicy {

        public Rate {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(scaledObject, "scaledObject");
            Objects.requireNonNull(settings, "settings");
        }

        @Override
        public String key() {
            return "rate";
        }
    }
}
