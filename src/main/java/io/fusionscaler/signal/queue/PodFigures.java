package io.fusionscaler.signal.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One trigger's pods and the last good figure of each, aggregated the way KEDA's http-add-on scaler aggregates its
 * interceptors' queues: the pending count is summed over pods; a pod that does not answer keeps counting with its
 * last figure while that figure is no older than the staleness limit, but is not covered, and a pod that never
 * answered counts nothing (no number is invented); pods that left the selection are forgotten. Used by one lane's
 * worker at a time.
 *
 * <p>Counter resets (subtract form): the in-flight figure is {@code started − handled} read from the same page, and a
 * restarted process restarts both counters, so the figure after a reset is as true as before; a reset is only noted
 * ({@link Aggregate#counterResets()}), never bridged by a delta. A page on which {@code handled} exceeds
 * {@code started} (the two counters are read one after the other while requests finish) counts 0 for that pod.
 */
final class PodFigures {

    private record Last(double pending, double first, double second, Instant observedAt) {
    }

    /**
     * One refresh's aggregate.
     *
     * @param observedAt     now when a pod answered or there is no pod; else when the oldest carried figure was
     *                       observed; null when no pod's figure is known
     * @param pods           pods that were to be scraped
     * @param carried        pods that did not answer but count with a figure younger than the staleness limit
     * @param failures       "pod: reason" of every pod that did not answer, in pod order
     * @param withoutSeries  answering pods whose page has no matching series (counted as 0)
     * @param counterResets  answering pods whose counters went backwards since their previous page
     * @param negativeInFlight answering pods on which the subtracted counter exceeded the first (counted as 0)
     */
    record Aggregate(double pending, Instant observedAt, int pods, int answered, int carried, List<String> failures,
            int withoutSeries, int counterResets, int negativeInFlight) {
    }

    private final boolean counters;
    private final Map<String, Last> byPod = new HashMap<>();

    PodFigures(SeriesQuery query) {
        this.counters = query.subtract().isPresent();
    }

    /**
     * @param pods   the pods to count, by name, in a stable order
     * @param pages  what each pod's page gave, by pod name: sums, or why there are none
     * @param maxAge how old a carried figure may be
     */
    Aggregate update(List<String> pods, Map<String, SeriesQuery.PageFigure> pages, Instant now, Duration maxAge) {
        Set<String> present = new HashSet<>(pods);
        byPod.keySet().retainAll(present);
        double pending = 0;
        int answered = 0;
        int carried = 0;
        int withoutSeries = 0;
        int resets = 0;
        int negative = 0;
        Instant oldestCarried = null;
        List<String> failures = new ArrayList<>();
        for (String pod : pods) {
            SeriesQuery.PageFigure page = pages.get(pod);
            Last last = byPod.get(pod);
            if (page instanceof SeriesQuery.PageFigure.Sums sums) {
                double inFlight = sums.first() - sums.second();
                if (counters && last != null && (sums.first() < last.first() || sums.second() < last.second())) {
                    resets++;
                }
                if (inFlight < 0) {
                    negative++;
                    inFlight = 0;
                }
                if (sums.series() == 0) {
                    withoutSeries++;
                }
                byPod.put(pod, new Last(inFlight, sums.first(), sums.second(), now));
                pending += inFlight;
                answered++;
                continue;
            }
            failures.add(pod + ": " + (page instanceof SeriesQuery.PageFigure.Unusable unusable ? unusable.reason() : "no answer"));
            if (last != null && Duration.between(last.observedAt(), now).compareTo(maxAge) <= 0) {
                pending += last.pending();
                carried++;
                oldestCarried = oldestCarried == null || last.observedAt().isBefore(oldestCarried) ? last.observedAt() : oldestCarried;
            } else {
                byPod.remove(pod);
            }
        }
        Instant observedAt = answered > 0 || pods.isEmpty() ? now : oldestCarried;
        return new Aggregate(pending, observedAt, pods.size(), answered, carried, failures, withoutSeries, resets, negative);
    }
}
