package io.fusionscaler.signal.queue;

import io.fusionscaler.signal.InvalidMetadataException;
import io.fusionscaler.signal.TriggerContext;
import io.fusionscaler.signal.TriggerMetadata;
import io.fusionscaler.target.PodSelector;
import io.fusionscaler.trigger.ParsedTrigger;
import io.fusionscaler.trigger.TriggerParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every queue key: defaults, what each value becomes, and a bad value of each named in a short INVALID_ARGUMENT. */
class QueueTriggerParserTest {

    private final QueueTriggerParser parser = new QueueTriggerParser();

    private QueueTrigger parse(Map<String, String> metadata) throws InvalidMetadataException {
        return parser.parse(new TriggerContext("shop", "ranker", new TriggerMetadata(metadata)));
    }

    private static Map<String, String> with(String... keysAndValues) {
        Map<String, String> metadata = new HashMap<>(Map.of("queueMetric", "grpc_server_queue_depth"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            metadata.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return metadata;
    }

    @Test
    void theMetricAloneTurnsTheSignalOnWithTheDefaultsOnTheTargetsPods() throws Exception {
        QueueTrigger trigger = parse(with());

        assertThat(parser.isConfigured(new TriggerMetadata(with()))).isTrue();
        assertThat(trigger).isEqualTo(new QueueTrigger("shop", new PodSource.TargetPods("ranker"),
                new SeriesQuery("grpc_server_queue_depth", Optional.empty(), List.of()),
                new ScrapeEndpoint(ScrapeEndpoint.Scheme.HTTP, 8080, "/metrics"), 10, 0));
        assertThat(trigger.refreshLane()).isEqualTo("shop");
    }

    @Test
    void everyKeyIsRead() throws Exception {
        QueueTrigger trigger = parse(with("queueMetric", "grpc_server_started_total", "queueMetricSubtract", "grpc_server_handled_total",
                "queueLabels", "grpc_service=inference.v1.Model, grpc_method != \"Check\"", "queuePort", "9102",
                "queuePath", "/q/metrics?format=prometheus", "queueScheme", "https", "queueTarget", "2.5",
                "queueActivation", "0.5", "queuePodSelector", "app=gateway,tier in (edge, core),!canary"));

        assertThat(trigger.query()).isEqualTo(new SeriesQuery("grpc_server_started_total", Optional.of("grpc_server_handled_total"),
                List.of(new SeriesQuery.LabelMatcher("grpc_service", true, "inference.v1.Model"),
                        new SeriesQuery.LabelMatcher("grpc_method", false, "Check"))));
        assertThat(trigger.endpoint()).isEqualTo(new ScrapeEndpoint(ScrapeEndpoint.Scheme.HTTPS, 9102, "/q/metrics?format=prometheus"));
        assertThat(trigger.target()).isEqualTo(2.5);
        assertThat(trigger.activation()).isEqualTo(0.5);
        assertThat(trigger.pods()).isEqualTo(new PodSource.SelectedPods(PodSelector.of(Map.of("app", "gateway"), List.of(
                new PodSelector.Requirement("tier", PodSelector.Operator.IN, Set.of("core", "edge")),
                new PodSelector.Requirement("canary", PodSelector.Operator.DOES_NOT_EXIST, Set.of())))));
        assertThat(trigger.pods()).hasToString("pods matching app=gateway,tier in (core,edge),!canary");
    }

    @Test
    void keysMayComeFromTheTargetsEnvironment() throws Exception {
        QueueTrigger trigger = parse(Map.of("queueMetricFromEnv", "depth", "queuePortFromEnv", "9000"));

        assertThat(trigger.query().metric()).isEqualTo("depth");
        assertThat(trigger.endpoint().port()).isEqualTo(9000);
    }

    @Test
    void aQueueKeyWithoutTheMetricTurnsTheSignalOnAndAsksForTheMetric() {
        assertThat(parser.isConfigured(new TriggerMetadata(Map.of("queueTarget", "5")))).isTrue();
        assertThatThrownBy(() -> parse(Map.of("queueTarget", "5")))
                .isInstanceOfSatisfying(InvalidMetadataException.class, e -> assertThat(e.key()).isEqualTo("queueMetric"));
        assertThat(parser.isConfigured(new TriggerMetadata(Map.of("lagThreshold", "5")))).isFalse();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "queueMetric         | 9lives                  | queueMetric         | must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), got '9lives'",
            "queueMetric         | grpc-depth              | queueMetric         | must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), got 'grpc-depth'",
            "queueMetricSubtract | a b                     | queueMetricSubtract | must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), got 'a b'",
            "queueMetricSubtract | grpc_server_queue_depth | queueMetricSubtract | must differ from queueMetric (the difference would always be 0)",
            "queueLabels         | grpc_method             | queueLabels         | 'grpc_method' is not a matcher: use name=value or name!=value, comma-separated",
            "queueLabels         | a=1,,b=2                | queueLabels         | '' is not a matcher: use name=value or name!=value, comma-separated",
            "queueLabels         | 0a=1                    | queueLabels         | '0a' is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)",
            "queueLabels         | a=1,a=2                 | queueLabels         | label 'a' is matched twice",
            "queuePort           | 0                       | queuePort           | must be a port number 1-65535, got 0",
            "queuePort           | 65536                   | queuePort           | must be a port number 1-65535, got 65536",
            "queuePort           | http                    | queuePort           | must be an integer (ASCII digits, an optional '-', no '+' or leading zeros), got 'http'",
            "queuePath           | metrics                 | queuePath           | must be a URL path starting with '/' (at most 256 characters, no spaces or '#'), got 'metrics'",
            "queuePath           | /a b                    | queuePath           | must be a URL path starting with '/' (at most 256 characters, no spaces or '#'), got '/a b'",
            "queuePath           | /m#frag                 | queuePath           | must be a URL path starting with '/' (at most 256 characters, no spaces or '#'), got '/m#frag'",
            "queueScheme         | grpc                    | queueScheme         | must be http or https, got 'grpc'",
            "queueScheme         | HTTP                    | queueScheme         | must be http or https, got 'HTTP'",
            "queueTarget         | 0                       | queueTarget         | must be > 0 (pending requests per replica), got 0",
            "queueTarget         | 0.0                     | queueTarget         | must be > 0 (pending requests per replica), got 0.0",
            "queueTarget         | -5                      | queueTarget         | must be a number >= 0 like 10 or 2.5, got '-5'",
            "queueTarget         | 1e3                     | queueTarget         | must be a number >= 0 like 10 or 2.5, got '1e3'",
            "queueTarget         | NaN                     | queueTarget         | must be a number >= 0 like 10 or 2.5, got 'NaN'",
            "queueActivation     | -1                      | queueActivation     | must be a number >= 0 like 10 or 2.5, got '-1'",
            "queueActivation     | Infinity                | queueActivation     | must be a number >= 0 like 10 or 2.5, got 'Infinity'",
            "queuePodSelector    | app=x=y                 | queuePodSelector    | is not a label selector: at character 6: expected ','",
            "queuePodSelector    | app=a,,b=c              | queuePodSelector    | is not a label selector: at character 7: expected a label key",
            "queuePodSelector    | app in (a               | queuePodSelector    | is not a label selector: at character 10: expected ','",
            "queuePodSelector    | -app=x                  | queuePodSelector    | is not a label selector: at character 5: label key '-app' must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
            "queuePodSelector    | Example.com/app=x       | queuePodSelector    | is not a label selector: at character 16: label key prefix 'Example.com' must be a DNS subdomain of at most 253 characters",
            "queuePodSelector    | app=-x                  | queuePodSelector    | is not a label selector: at character 7: label value '-x' must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
            "queuePodSelector    | app>x                   | queuePodSelector    | is not a label selector: at character 6: 'app' must be compared with an integer, got 'x'"})
    void aBadValueIsRejectedNamingItsKey(String key, String value, String namedKey, String rule) {
        assertThatThrownBy(() -> parse(with(key, value))).isInstanceOfSatisfying(InvalidMetadataException.class, e -> {
            assertThat(e.key()).isEqualTo(namedKey);
            assertThat(e.rule()).isEqualTo(rule);
        });
    }

    @Test
    void aSelectorWithoutRequirementIsRejectedRatherThanPickingEveryPod() {
        // U+001C is blank to the selector grammar but not Unicode white space, so the value is not trimmed to absent
        assertThatThrownBy(() -> parse(with("queuePodSelector", "\u001c"))).isInstanceOfSatisfying(InvalidMetadataException.class, e -> {
            assertThat(e.key()).isEqualTo("queuePodSelector");
            assertThat(e.rule()).isEqualTo("has no requirement: it would pick every pod of the namespace");
        });
    }

    @Test
    void kubernetesSetBasedAndNumericRequirementsAreAccepted() throws Exception {
        assertThat(parse(with("queuePodSelector", "app in (),n>3,tier notin (a,b)")).pods())
                .hasToString("pods matching app=,n>3,tier notin (a,b)");
    }

    @Test
    void theSubtractedMetricNeedsTheMetric() {
        assertThatThrownBy(() -> parse(Map.of("queueMetricSubtract", "grpc_server_handled_total")))
                .isInstanceOfSatisfying(InvalidMetadataException.class, e -> {
                    assertThat(e.key()).isEqualTo("queueMetricSubtract");
                    assertThat(e.rule()).isEqualTo("needs queueMetric (the metric it is subtracted from)");
                });
    }

    @Test
    void messagesQuoteAtMostABoundedPartOfAValue() {
        String huge = "x".repeat(10_000);

        assertThatThrownBy(() -> parse(with("queueScheme", huge)))
                .isInstanceOfSatisfying(InvalidMetadataException.class, e -> assertThat(e.rule()).hasSizeLessThan(120));
        assertThatThrownBy(() -> parse(with("queuePodSelector", "app=" + huge)))
                .isInstanceOfSatisfying(InvalidMetadataException.class, e -> assertThat(e.rule()).hasSizeLessThan(200));
    }

    @Test
    void theKeysLiveBesideKafkasWithoutClashAndTypoedOnesAreUnknown() {
        TriggerParser triggers = new TriggerParser(List.of(parser));

        ParsedTrigger typo = triggers.parse("shop", "ranker", Map.of("queueMetric", "depth", "queueTraget", "5"));

        assertThat(typo).isEqualTo(new ParsedTrigger.Invalid("queueTraget", ((ParsedTrigger.Invalid) typo).rule()));
        assertThat(triggers.parse("shop", "ranker", Map.of("queueMetric", "depth"))).isInstanceOf(ParsedTrigger.Valid.class);
    }

    @Test
    void theSameMetadataInAnotherNamespaceIsAnotherTrigger() throws Exception {
        QueueTrigger shop = parse(with());
        QueueTrigger other = parser.parse(new TriggerContext("other", "ranker", new TriggerMetadata(with())));

        assertThat(shop).isNotEqualTo(other);
        assertThat(shop.refreshLane()).isNotEqualTo(other.refreshLane());
    }
}
