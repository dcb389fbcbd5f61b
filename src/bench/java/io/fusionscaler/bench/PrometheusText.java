package io.fusionscaler.bench;

import java.util.ArrayList;
import java.util.List;

/** Reads samples out of a Prometheus text exposition (as the scaler's /q/metrics serves it). */
final class PrometheusText {

    private final String text;

    PrometheusText(String text) {
        this.text = text;
    }

    /** The values of every sample of that exact metric name, one per label set. */
    List<Double> values(String name) {
        List<Double> values = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#' || !line.startsWith(name) || line.length() == name.length()) {
                continue;
            }
            char after = line.charAt(name.length());
            int valueStart;
            if (after == ' ') {
                valueStart = name.length() + 1;
            } else if (after == '{') {
                int close = line.lastIndexOf("} ");
                if (close < 0) {
                    continue;
                }
                valueStart = close + 2;
            } else {
                continue; // a longer name that starts with this one
            }
            try {
                values.add(Double.parseDouble(line.substring(valueStart).trim().split("\\s+")[0]));
            } catch (NumberFormatException ignored) {
                // not a sample line
            }
        }
        return values;
    }

    /** The sum over all label sets; NaN when there is no sample. */
    double sum(String name) {
        List<Double> values = values(name);
        return values.isEmpty() ? Double.NaN : values.stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The largest sample over all label sets; NaN when there is no sample. */
    double max(String name) {
        return values(name).stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    int length() {
        return text.length();
    }
}
