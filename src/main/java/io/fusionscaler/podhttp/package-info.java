/**
 * Fetching pods' HTTP endpoints within a time and size bound, shared by the pod-based signals (the queue signal's
 * metrics pages, the gpu signal's agents): Vert.x core and the JDK only, nothing of a signal.
 */
package io.fusionscaler.podhttp;
