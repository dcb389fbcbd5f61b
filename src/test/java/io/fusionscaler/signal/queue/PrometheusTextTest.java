package io.fusionscaler.signal.queue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The text format's rules, one by one: what is read, and which line a broken page is blamed on. */
class PrometheusTextTest {

    private static List<Sample> samples(String page) {
        ParsedText parsed = PrometheusText.parse(page);
        assertThat(parsed).as("%s", parsed).isInstanceOf(ParsedText.Samples.class);
        return ((ParsedText.Samples) parsed).samples();
    }

    private static ParsedText.Malformed malformed(String page) {
        ParsedText parsed = PrometheusText.parse(page);
        assertThat(parsed).as("%s", parsed).isInstanceOf(ParsedText.Malformed.class);
        return (ParsedText.Malformed) parsed;
    }

    @Test
    void readsNamesLabelsValuesAndSkipsCommentsHelpTypeAndBlankLines() {
        List<Sample> samples = samples("""
                # HELP grpc_server_queue_depth Requests waiting: "quoted" \\\\ and \\n escaped.
                # TYPE grpc_server_queue_depth gauge
                grpc_server_queue_depth{grpc_service="a.B",grpc_method="Predict"} 3

                # a plain comment
                #no space: also a comment
                up 1 1700000000000
                  indented_metric	{ le = "0.5" , }	+Inf
                empty_labels{} -1.5e-3
                colons:in:names 7
                """);

        assertThat(samples).containsExactly(
                new Sample("grpc_server_queue_depth", Map.of("grpc_service", "a.B", "grpc_method", "Predict"), 3),
                new Sample("up", Map.of(), 1),
                new Sample("indented_metric", Map.of("le", "0.5"), Double.POSITIVE_INFINITY),
                new Sample("empty_labels", Map.of(), -1.5e-3),
                new Sample("colons:in:names", Map.of(), 7));
    }

    @Test
    void labelValuesUnescapeBackslashQuoteAndNewlineAndKeepOtherEscapesAsWritten() {
        List<Sample> samples = samples("m{a=\"x\\\"y\\\\z\\nw\",b=\"t\\tu\",c=\"ünï,cödé }\"} 1\n");

        assertThat(samples.get(0).labels()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "x\"y\\z\nw", "b", "t\\tu", "c", "ünï,cödé }"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "1|1", "-0|-0.0", "1.5|1.5", ".5|0.5", "5.|5.0", "1e3|1000", "1E-2|0.01", "+7|7", "123456789012345678901|1.2345678901234568E20",
            "NaN|NaN", "nan|NaN", "+Inf|Infinity", "-inf|-Infinity", "Infinity|Infinity"})
    void valuesAreGoStyleFloats(String text, double expected) {
        assertThat(samples("m " + text + "\n").get(0).value()).isEqualTo(Double.valueOf(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {"0x10", "1_000", "1.2.3", "e5", "1e", "--1", "+NaN", "1d", "1f", ".", "one"})
    void otherValuesAreErrors(String text) {
        assertThat(malformed("m 1\nm " + text + "\n")).isEqualTo(new ParsedText.Malformed(2, "the sample value '" + text + "' is not a number"));
    }

    @Test
    void keptNamesAreTheOnlySamplesReturnedButEveryLineIsStillChecked() {
        String page = "a 1\nb{x=\"1\"} 2\nc 3\n";

        assertThat(((ParsedText.Samples) PrometheusText.parse(page, Set.of("b"), Set.of("x"))).samples())
                .containsExactly(new Sample("b", Map.of("x", "1"), 2));
        assertThat(PrometheusText.parse(page + "c{\n", Set.of("b"), Set.of("x")))
                .isEqualTo(new ParsedText.Malformed(4, "the labels are not closed with '}'"));
    }

    @Test
    void keptSamplesHoldOnlyTheNamedLabelsButARepeatedLabelIsStillAnError() {
        assertThat(((ParsedText.Samples) PrometheusText.parse("b{x=\"1\",y=\"2\",z=\"3\"} 2\n", Set.of("b"), Set.of("y", "w"))).samples())
                .containsExactly(new Sample("b", Map.of("y", "2"), 2));
        assertThat(PrometheusText.parse("b{x=\"1\",y=\"2\",x=\"3\"} 2\n", Set.of("b"), Set.of("y")))
                .isEqualTo(new ParsedText.Malformed(1, "label x appears twice"));
    }

    @Test
    void aLabelRepeatedAfterManyOthersIsAnError() {
        String labels = IntStream.range(0, 40).mapToObj(k -> "l" + k + "=\"v\",").collect(Collectors.joining());

        assertThat(samples("m{" + labels + "} 1\n").get(0).labels()).hasSize(40);
        assertThat(malformed("m{" + labels + "l3=\"again\"} 1\n")).isEqualTo(new ParsedText.Malformed(1, "label l3 appears twice"));
        assertThat(malformed("m{" + labels + "l39=\"again\"} 1\n")).isEqualTo(new ParsedText.Malformed(1, "label l39 appears twice"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "missing value            | m{a=\"1\"}\\n                 | 1 | sample of m has no value",
            "bad name start           | 1m 2\\n                       | 1 | unexpected '1' where a sample needs a metric name (column 1)",
            "bad name char            | m-x 2\\n                      | 1 | unexpected '-' in a metric name (column 2)",
            "unquoted label value     | m{a=1} 2\\n                   | 1 | the value of label a must be in double quotes",
            "missing equals           | m{a} 2\\n                     | 1 | unexpected '}' after label a, expected '=' (column 4)",
            "bad label name           | m{0a=\"1\"} 2\\n              | 1 | unexpected '0' where a label name or '}' belongs (column 3)",
            "missing comma            | m{a=\"1\" b=\"2\"} 2\\n       | 1 | unexpected 'b' between labels, expected ',' or '}' (column 9)",
            "unclosed value           | m{a=\"1} 2\\n                 | 1 | a label value is not closed with '\"'",
            "duplicate label          | m{a=\"1\",a=\"2\"} 2\\n       | 1 | label a appears twice",
            "text after timestamp     | m 1 2 3\\n                    | 1 | unexpected text after the timestamp",
            "float timestamp          | m 1 2.5\\n                    | 1 | the timestamp must be an integer of milliseconds",
            "carriage return          | m 1\\r\\n                     | 1 | the sample value '1?' is not a number",
            "unknown type             | # TYPE m gauges\\n            | 1 | unknown metric type 'gauges' (counter, gauge, histogram, summary, untyped)",
            "type without type        | # TYPE m\\n                   | 1 | TYPE needs a type after the metric name",
            "type extra text          | # TYPE m gauge now\\n         | 1 | unexpected text after the metric type",
            "help bad name            | # HELP 9m text\\n             | 1 | unexpected '9' where HELP needs a metric name (column 8)",
            "no final line feed       | m 1\\nm 2                      | 2 | the last line has no line feed: the page was cut short",
            "control character        | m\\u0001 1\\n                 | 1 | unexpected character U+0001 in a metric name (column 2)"})
    void aBrokenLineMakesThePageMalformedNamingTheLine(String rule, String page, int line, String reason) {
        String unescaped = page.trim().replace("\\n", "\n").replace("\\r", "\r").replace("\\u0001", "\u0001");

        assertThat(malformed(unescaped)).isEqualTo(new ParsedText.Malformed(line, reason));
    }

    @Test
    void anEmptyPageHasNoSamples() {
        assertThat(samples("")).isEmpty();
        assertThat(samples("\n\n# nothing here\n")).isEmpty();
    }

    @Test
    void samplesHelpersFindValuesAndSums() {
        ParsedText.Samples page = (ParsedText.Samples) PrometheusText.parse("m{a=\"1\"} 2\nm{a=\"2\"} 3\nn 4\n");

        assertThat(page.sum("m")).isEqualTo(5);
        assertThat(page.sum("absent")).isNaN();
        assertThat(page.value("m", Map.of("a", "2"))).hasValue(3);
        assertThat(page.value("n", Map.of())).hasValue(4);
        assertThat(page.named("m")).hasSize(2);
    }
}
