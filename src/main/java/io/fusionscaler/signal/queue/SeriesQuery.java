package io.fusionscaler.signal.queue;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which series of a pod's page make its pending count: the series of {@code metric} whose labels match, summed; with
 * {@code subtract}, minus the sum of that metric's matching series (in-flight = started − handled).
 */
public record SeriesQuery(String metric, Optional<String> subtract, List<LabelMatcher> labels) {

    /** One {@code queueLabels} matcher: {@code name=value} or {@code name!=value}; a missing label has the value "". */
    public record LabelMatcher(String name, boolean equal, String value) {

        public LabelMatcher {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        boolean matches(Sample sample) {
            return sample.labels().getOrDefault(name, "").equals(value) == equal;
        }

        @Override
        public String toString() {
            return name + (equal ? "=" : "!=") + value;
        }
    }

    /** What one page gives: the two sums, or why it cannot give a figure. */
    public sealed interface PageFigure {

        /**
         * @param first  the sum of {@code metric}'s matching series
         * @param second the sum of {@code subtract}'s matching series; 0 without subtract
         * @param series how many series matched, both metrics together (0: the page has none of them yet)
         */
        record Sums(double first, double second, int series) implements PageFigure {
        }

        record Unusable(String reason) implements PageFigure {
        }
    }

    public SeriesQuery {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(subtract, "subtract");
        labels = List.copyOf(labels);
    }

    public boolean reads(String name) {
        return metric.equals(name) || subtract.isPresent() && subtract.get().equals(name);
    }

    /**
     * Sums the matching series of a page. A non-finite value, or a negative one (neither a queue depth nor a counter
     * can be), makes the page unusable for this query rather than bending the sum.
     */
    public PageFigure evaluate(List<Sample> samples) {
        double first = 0;
        double second = 0;
        int series = 0;
        for (Sample sample : samples) {
            boolean isFirst = sample.name().equals(metric);
            if (!isFirst && !reads(sample.name()) || !matches(sample)) {
                continue;
            }
            double value = sample.value();
            if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
                return new PageFigure.Unusable(sample.name() + " has the value " + value + ", not a count");
            }
            series++;
            if (isFirst) {
                first += value;
            } else {
                second += value;
            }
        }
        return new PageFigure.Sums(first, second, series);
    }

    private boolean matches(Sample sample) {
        for (LabelMatcher matcher : labels) {
            if (!matcher.matches(sample)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        String matchers = labels.isEmpty() ? "" : "{" + String.join(",", labels.stream().map(LabelMatcher::toString).toList()) + "}";
        return metric + matchers + subtract.map(s -> " - " + s + matchers).orElse("");
    }
}
