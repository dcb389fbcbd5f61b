package io.fusionscaler.signal.queue;

import io.fusionscaler.signal.NamespaceLane;

import java.util.Objects;

/**
 * A trigger's queue-depth settings. One lane per namespace: one refresh scrapes each pod of the namespace once for
 * every trigger that reads it (several modules' ScaledObjects selecting the same caller pods share their scrapes), and a
 * namespace whose pods hang cannot delay or stale another namespace's triggers.
 *
 * @param namespace  the ScaledObject's namespace: the pods scraped are in it
 * @param target     pending requests one replica handles (queueTarget), &gt; 0
 * @param activation active when the pending sum is strictly above this (queueActivation), &gt;= 0
 */
public record QueueTrigger(String namespace, PodSource pods, SeriesQuery query, ScrapeEndpoint endpoint, double target,
        double activation) implements NamespaceLane {

    public static final String SIGNAL = "queue";

    public QueueTrigger {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(pods, "pods");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(endpoint, "endpoint");
        if (!(target > 0) || Double.isInfinite(target)) {
            throw new IllegalArgumentException("target must be > 0 and finite, got " + target);
        }
        if (!(activation >= 0) || Double.isInfinite(activation)) {
            throw new IllegalArgumentException("activation must be >= 0 and finite, got " + activation);
        }
    }

    @Override
    public String signal() {
        return SIGNAL;
    }
}
