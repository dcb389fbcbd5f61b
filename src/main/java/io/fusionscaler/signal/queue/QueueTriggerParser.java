package io.fusionscaler.signal.queue;

import io.fusionscaler.signal.InvalidMetadataException;
import io.fusionscaler.signal.SignalParser;
import io.fusionscaler.signal.TriggerContext;
import io.fusionscaler.signal.TriggerMetadata;
import io.fusionscaler.target.PodSelector;
import io.fusionscaler.target.SelectorSyntaxException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code queue…} keys of a trigger. Pure: the pods are found at refresh time, not here. */
@ApplicationScoped
public class QueueTriggerParser implements SignalParser {

    static final String METRIC = "queueMetric";
    static final String METRIC_SUBTRACT = "queueMetricSubtract";
    static final String LABELS = "queueLabels";
    static final String PORT = "queuePort";
    static final String PATH = "queuePath";
    static final String SCHEME = "queueScheme";
    static final String TARGET = "queueTarget";
    static final String ACTIVATION = "queueActivation";
    static final String POD_SELECTOR = "queuePodSelector";

    static final Set<String> KEYS = Set.of(METRIC, METRIC_SUBTRACT, LABELS, PORT, PATH, SCHEME, TARGET, ACTIVATION, POD_SELECTOR);

    static final int DEFAULT_PORT = 8080;
    static final String DEFAULT_PATH = "/metrics";
    static final double DEFAULT_TARGET = 10;

    private static final Pattern PATH_TEXT = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,255}");

    @Override
    public String signal() {
        return QueueTrigger.SIGNAL;
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public QueueTrigger parse(TriggerContext context) throws InvalidMetadataException {
        TriggerMetadata metadata = context.metadata();
        Optional<String> subtract = metadata.string(METRIC_SUBTRACT);
        Optional<String> metric = metadata.string(METRIC);
        if (metric.isEmpty()) {
            throw new InvalidMetadataException(subtract.isPresent() ? METRIC_SUBTRACT : METRIC, subtract.isPresent()
                    ? "needs " + METRIC + " (the metric it is subtracted from)"
                    : "is required to turn the queue signal on: the name of the queue-depth gauge, e.g. grpc_server_queue_depth");
        }
        metricName(METRIC, metric.get());
        if (subtract.isPresent()) {
            metricName(METRIC_SUBTRACT, subtract.get());
            if (subtract.get().equals(metric.get())) {
                throw new InvalidMetadataException(METRIC_SUBTRACT, "must differ from " + METRIC + " (the difference would always be 0)");
            }
        }
        SeriesQuery query = new SeriesQuery(metric.get(), subtract, labels(metadata));
        ScrapeEndpoint endpoint = new ScrapeEndpoint(scheme(metadata), port(metadata), path(metadata));
        double target = metadata.decimal(TARGET).orElse(DEFAULT_TARGET);
        if (target <= 0) {
            throw new InvalidMetadataException(TARGET, "must be > 0 (pending requests per replica), got " + metadata.string(TARGET).orElse(""));
        }
        double activation = metadata.decimal(ACTIVATION).orElse(0);
        return new QueueTrigger(context.namespace(), podSource(metadata, context.scaledObject()), query, endpoint, target, activation);
    }

    private static void metricName(String key, String name) throws InvalidMetadataException {
        if (!PrometheusText.isMetricName(name)) {
            throw new InvalidMetadataException(key, "must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), got '"
                    + PrometheusText.shorten(name) + "'");
        }
    }

    /** {@code name=value} and {@code name!=value}, comma-separated; a value may be in double quotes. */
    private static List<SeriesQuery.LabelMatcher> labels(TriggerMetadata metadata) throws InvalidMetadataException {
        Optional<String> text = metadata.string(LABELS);
        if (text.isEmpty()) {
            return List.of();
        }
        List<SeriesQuery.LabelMatcher> matchers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String part : text.get().split(",", -1)) {
            int equals = part.indexOf('=');
            if (equals < 0) {
                throw new InvalidMetadataException(LABELS, "'" + PrometheusText.shorten(part.trim())
                        + "' is not a matcher: use name=value or name!=value, comma-separated");
            }
            boolean notEqual = equals > 0 && part.charAt(equals - 1) == '!';
            String name = part.substring(0, notEqual ? equals - 1 : equals).trim();
            String value = unquote(part.substring(equals + 1).trim());
            if (!PrometheusText.isLabelName(name)) {
                throw new InvalidMetadataException(LABELS, "'" + PrometheusText.shorten(name)
                        + "' is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)");
            }
            if (!names.add(name)) {
                throw new InvalidMetadataException(LABELS, "label '" + name + "' is matched twice");
            }
            matchers.add(new SeriesQuery.LabelMatcher(name, !notEqual, value));
        }
        return matchers;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    private static ScrapeEndpoint.Scheme scheme(TriggerMetadata metadata) throws InvalidMetadataException {
        String value = metadata.string(SCHEME).orElse(ScrapeEndpoint.Scheme.HTTP.key());
        for (ScrapeEndpoint.Scheme scheme : ScrapeEndpoint.Scheme.values()) {
            if (scheme.key().equals(value)) {
                return scheme;
            }
        }
        throw new InvalidMetadataException(SCHEME, "must be http or https, got '" + PrometheusText.shorten(value) + "'");
    }

    private static int port(TriggerMetadata metadata) throws InvalidMetadataException {
        long port = metadata.longValue(PORT, DEFAULT_PORT);
        if (port < 1 || port > 65_535) {
            throw new InvalidMetadataException(PORT, "must be a port number 1-65535, got " + port);
        }
        return (int) port;
    }

    private static String path(TriggerMetadata metadata) throws InvalidMetadataException {
        String path = metadata.string(PATH).orElse(DEFAULT_PATH);
        if (!PATH_TEXT.matcher(path).matches()) {
            throw new InvalidMetadataException(PATH, "must be a URL path starting with '/' (at most 256 characters, no "
                    + "spaces or '#'), got '" + PrometheusText.shorten(path) + "'");
        }
        return path;
    }

    private static PodSource podSource(TriggerMetadata metadata, String scaledObject) throws InvalidMetadataException {
        Optional<String> selector = metadata.string(POD_SELECTOR);
        if (selector.isEmpty()) {
            return new PodSource.TargetPods(scaledObject);
        }
        PodSelector parsed;
        try {
            parsed = PodSelector.parse(selector.get());
        } catch (SelectorSyntaxException e) {
            throw new InvalidMetadataException(POD_SELECTOR, "is not a label selector: " + e.getMessage());
        }
        if (parsed.isEmpty()) {
            throw new InvalidMetadataException(POD_SELECTOR, "has no requirement: it would pick every pod of the namespace");
        }
        return new PodSource.SelectedPods(parsed);
    }
}
