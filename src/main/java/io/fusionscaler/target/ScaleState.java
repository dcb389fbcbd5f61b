package io.fusionscaler.target;

/** A workload's replica counts and pod selector, as its {@code /scale} states them. */
record ScaleState(int specReplicas, int statusReplicas, PodSelector selector) {
}
