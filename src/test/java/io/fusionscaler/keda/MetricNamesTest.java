package io.fusionscaler.keda;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ThreadLocalRandom;

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

    @Test
    void anyInputYieldsOnlyLowercaseLettersDigitsAndDashes() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 2_000; i++) {
            String namespace = randomText(random);
            String name = randomText(random);
            assertThat(MetricNames.fused(namespace, name)).matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")
                    .hasSizeLessThanOrEqualTo(MetricNames.MAX_LENGTH);
        }
    }

    private static String randomText(ThreadLocalRandom random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(0, 90);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(random.nextInt(0x20, 0x250));
        }
        return text.toString();
    }
}
