package io.fusionscaler.signal.queue;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** What {@link PrometheusText} made of a page: its samples, or the first line that breaks the format. */
public sealed interface ParsedText {

    /** A valid page; holds the samples the caller asked to keep, in page order. */
    record Samples(List<Sample> samples) implements ParsedText {

        public Samples {
            samples = List.copyOf(samples);
        }

        /** The samples of one metric name, every label set. */
        public List<Sample> named(String name) {
            return samples.stream().filter(s -> s.name().equals(name)).toList();
        }

        /** The value of the series with exactly this name and these labels, if the page has it. */
        public OptionalDouble value(String name, Map<String, String> labels) {
            return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
                    .mapToDouble(Sample::value).findFirst();
        }

        /** The sum over every label set of one metric name; NaN when the page has no such sample. */
        public double sum(String name) {
            List<Sample> named = named(name);
            return named.isEmpty() ? Double.NaN : named.stream().mapToDouble(Sample::value).sum();
        }
    }

    /**
     * Not a valid page.
     *
     * @param line   1-based number of the first offending line
     * @param reason what is wrong there, short and without the line's text
     */
    record Malformed(int line, String reason) implements ParsedText {

        public String describe() {
            return "line " + line + ": " + reason;
        }
    }
}
