package io.fusionscaler.signal.queue;

import io.prometheus.client.Collector;
import io.prometheus.client.exporter.common.TextFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded random pages against the parser. The seed is printed; rerun one with {@code -Dfuzz.seed=<seed>}.
 * <ul>
 *     <li>pages written by the Prometheus Java client's own text writer from random series (odd names, label values
 *     with quotes, backslashes, line feeds and any Unicode, every kind of float, timestamps) read back exactly;</li>
 *     <li>those pages and a corpus of real-shaped pages, randomly damaged, and random text never make the parser throw:
 *     the answer is samples or a line number within the page, and a damaged page that is still accepted reads back the
 *     same after being written again (nothing half-read is accepted).</li>
 * </ul>
 */
class PrometheusTextFuzzTest {

    private static final String CORPUS = "/exposition/";
    private static final List<String> CORPUS_FILES = List.of("go-grpc-server.prom", "micrometer-grpc-java.prom", "escapes-and-timestamps.prom");
    private static final String LABEL_SYNTAX = "\"\\\n,{}= #";
    private static final String SYNTAX = "{}\",= \t\n\\#:_.+-eE019aZ\r\u0000é✓";

    private static long seed;

    @BeforeAll
    static void chooseSeed() {
        String fixed = System.getProperty("fuzz.seed");
        seed = fixed == null || fixed.isBlank() ? System.nanoTime() : Long.parseLong(fixed.trim());
        System.out.println("PrometheusTextFuzzTest seed=" + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
    }

    @Test
    void theCorpusOfRealShapedPagesReadsCompletely() {
        Map<String, Integer> samples = new LinkedHashMap<>();
        for (String file : CORPUS_FILES) {
            ParsedText parsed = PrometheusText.parse(corpus(file));
            assertThat(parsed).as(file).isInstanceOf(ParsedText.Samples.class);
            samples.put(file, ((ParsedText.Samples) parsed).samples().size());
        }

        assertThat(samples).containsExactly(Map.entry("go-grpc-server.prom", 27), Map.entry("micrometer-grpc-java.prom", 12),
                Map.entry("escapes-and-timestamps.prom", 5));
    }

    @Test
    void pagesWrittenByThePrometheusClientReadBackExactly() {
        Random random = new Random(seed);
        for (int page = 0; page < 400; page++) {
            List<Sample> written = randomSamples(random);

            ParsedText parsed = PrometheusText.parse(write(written));

            if (!(parsed instanceof ParsedText.Samples read) || !read.samples().equals(written)) {
                fail("seed " + seed + ", page " + page + ": " + parsed + "\nwritten: " + written + "\ntext:\n" + write(written));
                return;
            }
        }
    }

    @Test
    void damagedPagesAndRandomTextNeverThrowAndAcceptedOnesAreWhole() {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        List<String> seeds = new ArrayList<>();
        CORPUS_FILES.forEach(file -> seeds.add(corpus(file)));
        for (int i = 0; i < 20; i++) {
            seeds.add(write(randomSamples(random)));
        }
        int accepted = 0;
        int rejected = 0;
        for (int round = 0; round < 6_000; round++) {
            String text = round % 5 == 4 ? randomText(random, random.nextInt(300)) : damage(seeds.get(random.nextInt(seeds.size())), random);
            ParsedText parsed;
            try {
                parsed = PrometheusText.parse(text);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ", round " + round + ": the parser threw on:\n" + text, e);
            }
            if (parsed instanceof ParsedText.Malformed malformed) {
                rejected++;
                assertThat(malformed.line()).as("seed %d round %d", seed, round).isBetween(1, lines(text));
            } else {
                accepted++;
                List<Sample> samples = ((ParsedText.Samples) parsed).samples();
                assertThat(PrometheusText.parse(write(samples))).as("seed %d round %d: %s", seed, round, text)
                        .isEqualTo(new ParsedText.Samples(samples));
            }
        }
        System.out.println("PrometheusTextFuzzTest seed=" + seed + ": " + accepted + " damaged pages accepted, " + rejected + " rejected");
        assertThat(rejected).isPositive();
    }

    private static int lines(String text) {
        return (int) text.chars().filter(c -> c == '\n').count() + 1;
    }

    private static String damage(String page, Random random) {
        StringBuilder text = new StringBuilder(page);
        int damages = 1 + random.nextInt(3);
        for (int d = 0; d < damages && text.length() > 0; d++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(5)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, SYNTAX.charAt(random.nextInt(SYNTAX.length())));
                case 2 -> text.setCharAt(at, SYNTAX.charAt(random.nextInt(SYNTAX.length())));
                case 3 -> text.setLength(at);
                default -> {
                    int end = Math.min(text.length(), at + random.nextInt(80));
                    text.insert(random.nextInt(text.length()), text.substring(at, end));
                }
            }
        }
        return text.toString();
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x3000) : SYNTAX.charAt(random.nextInt(SYNTAX.length())));
        }
        return text.toString();
    }

    private static List<Sample> randomSamples(Random random) {
        List<Sample> samples = new ArrayList<>();
        int count = random.nextInt(12);
        for (int i = 0; i < count; i++) {
            Map<String, String> labels = new LinkedHashMap<>();
            int labelCount = random.nextInt(4);
            for (int l = 0; l < labelCount; l++) {
                labels.put(name(random, false) + l, labelValue(random));
            }
            samples.add(new Sample(name(random, true), labels, value(random)));
        }
        return samples;
    }

    private static String name(Random random, boolean metric) {
        String first = metric ? "abcXYZ_:" : "abcXYZ_";
        String rest = first + "0123456789";
        StringBuilder name = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
        int length = random.nextInt(20);
        for (int i = 0; i < length; i++) {
            name.append(rest.charAt(random.nextInt(rest.length())));
        }
        return name.toString();
    }

    private static String labelValue(Random random) {
        StringBuilder value = new StringBuilder();
        int length = random.nextInt(16);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> value.append(LABEL_SYNTAX.charAt(random.nextInt(LABEL_SYNTAX.length())));
                case 1 -> value.appendCodePoint(0x80 + random.nextInt(0x2FF80));
                default -> value.append((char) (0x20 + random.nextInt(0x5F)));
            }
        }
        return value.toString();
    }

    private static double value(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> Double.NaN;
            case 1 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2 -> random.nextInt(1000);
            case 3 -> -0.0;
            case 4 -> Double.longBitsToDouble(random.nextLong()) * (random.nextBoolean() ? 1 : 0) + random.nextGaussian();
            case 5 -> Double.MIN_VALUE * random.nextInt(5);
            case 6 -> Double.MAX_VALUE / (1 + random.nextInt(3));
            default -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
        };
    }

    /** Writes samples with the Prometheus Java client's 0.0.4 writer, some with timestamps, each its own untyped family. */
    static String write(List<Sample> samples) {
        List<Collector.MetricFamilySamples> families = new ArrayList<>();
        int index = 0;
        for (Sample sample : samples) {
            Long timestamp = index++ % 3 == 0 ? 1_732_951_412_510L + index : null;
            List<String> names = new ArrayList<>(sample.labels().keySet());
            List<String> values = names.stream().map(sample.labels()::get).toList();
            families.add(new Collector.MetricFamilySamples(sample.name(), Collector.Type.UNKNOWN, "help \\ \n text",
                    List.of(new Collector.MetricFamilySamples.Sample(sample.name(), names, values, sample.value(), timestamp))));
        }
        StringWriter out = new StringWriter();
        try {
            TextFormat.write004(out, Collections.enumeration(families));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String corpus(String file) {
        try (InputStream in = PrometheusTextFuzzTest.class.getResourceAsStream(CORPUS + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
