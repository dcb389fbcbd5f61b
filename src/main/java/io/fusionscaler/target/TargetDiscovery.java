package io.fusionscaler.target;

import io.fusionscaler.signal.RefreshDeadline;

/**
 * Where pod-based signals learn what a ScaledObject scales and which pods it has. Answers come from caches kept by
 * shared watches, so after a namespace's caches have synced a lookup makes no API call (except the paced
 * {@code /scale} reads of kinds that are not watched, see the README). A lookup waits, at most until {@code deadline},
 * only while a namespace's caches sync for the first time. Never throws: every problem is an
 * {@code Unavailable} value naming what is missing.
 */
public interface TargetDiscovery {

    /**
     * The scale target of ScaledObject {@code namespace/scaledObject} ({@code spec.scaleTargetRef}, by default an
     * {@code apps/v1} Deployment) with its replica counts and selector, and every pod the selector matches, in any
     * phase. A target at 0 replicas is found ({@link ScaleTarget#scaledToZero()}); what that means is the caller's call.
     */
    TargetLookup target(String namespace, String scaledObject, RefreshDeadline deadline);

    /** Every pod of {@code namespace}, in any phase, that {@code selector} matches (e.g. a {@code queuePodSelector}). */
    PodsLookup pods(String namespace, PodSelector selector, RefreshDeadline deadline);
}
