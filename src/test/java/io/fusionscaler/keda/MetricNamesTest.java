package io.fusionscaler.keda;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MetricNamesTest {

    @Test
    void plainNamesStayReadable() {
        assertThat(MetricNames.fused("pipelines", "gpu-module")).isEqualTo("fusion-pipelines-gpu-module");
    }

    @Test
    void alteredNamesCarryAHashSoTheyCannotCollide() {
        String dotted = MetricNames.fused("ns", "a.b");
        String underscored = MetricNames.fused("ns", "a_b");

        assertThat(dotted).startsWith("fusion-ns-a-b-").isNotEqualTo(underscored);
    }

    @Test
    void longNamesAreShortenedStablyWithinTheLimit() {
        String name = "x".repeat(200);

        assertThat(MetricNames.fused("ns", name)).hasSizeLessThanOrEqualTo(MetricNames.MAX_LENGTH)
                .isEqualTo(MetricNames.fused("ns", name));
    }

    /** Random names from a seed printed in every failure: rerun one with {@code -Dfusion.test.seed=<seed>}. */
    @Test
    void anyInputYieldsOnlyLowercaseLettersDigitsAndDashes() {
        long seed = Long.getLong("fusion.test.seed", System.nanoTime());
        System.out.println("MetricNamesTest.anyInputYieldsOnlyLowercaseLettersDigitsAndDashes: seed " + seed);
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            String namespace = randomText(random);
            String name = randomText(random);
            assertThat(MetricNames.fused(namespace, name))
                    .as("namespace %s, name %s (seed %d)", namespace, name, seed)
                    .matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")
                    .hasSizeLessThanOrEqualTo(MetricNames.MAX_LENGTH);
        }
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(90);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(0x20 + random.nextInt(0x250 - 0x20));
        }
        return text.toString();
    }
}
