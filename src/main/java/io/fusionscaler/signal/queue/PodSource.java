package io.fusionscaler.signal.queue;

import io.fusionscaler.target.PodSelector;

import java.util.Objects;

/** Whose pods hold the queue: the ScaledObject's target's, or those a label selector picks in the same namespace. */
public sealed interface PodSource {

    /** The pods of the target of ScaledObject {@code scaledObject} (its {@code scaleTargetRef}). */
    record TargetPods(String scaledObject) implements PodSource {
        public TargetPods {
            Objects.requireNonNull(scaledObject, "scaledObject");
        }

        @Override
        public String toString() {
            return "the target of ScaledObject " + scaledObject;
        }
    }

    /** {@code queuePodSelector}: pods of the namespace matching the selector, typically the callers with client-side queues. */
    record SelectedPods(PodSelector selector) implements PodSource {
        public SelectedPods {
            Objects.requireNonNull(selector, "selector");
        }

        @Override
        public String toString() {
            return "pods matching " + selector;
        }
    }
}
