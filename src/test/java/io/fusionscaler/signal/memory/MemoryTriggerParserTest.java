package io.fusionscaler.signal.memory;

import io.fusionscaler.signal.cpu.CpuTriggerParser;
import io.fusionscaler.signal.hpa.ResourceTarget;
import io.fusionscaler.target.Quantity;
import io.fusionscaler.target.QuantitySyntaxException;
import io.fusionscaler.trigger.ParsedTrigger;
import io.fusionscaler.trigger.TriggerParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryTriggerParserTest {

    private static final TriggerParser PARSER = new TriggerParser(List.of(new CpuTriggerParser(), new MemoryTriggerParser()));

    private static ParsedTrigger parse(Map<String, String> metadata) {
        return PARSER.parse("shop", "api", metadata);
    }

    @Test
    void aUtilizationOrAnAverageValuePerPodTurnsTheSignalOn() throws QuantitySyntaxException {
        assertThat(parse(Map.of("memoryTargetUtilization", "80"))).isInstanceOfSatisfying(ParsedTrigger.Valid.class,
                valid -> assertThat(valid.spec().signals()).containsExactly(
                        new MemoryTrigger("shop", "api", new ResourceTarget.Utilization(80), "")));
        ResourceTarget averageValue = new ResourceTarget.AverageValue(Quantity.parse("300Mi"));
        assertThat(parse(Map.of("memoryTargetAverageValue", "300Mi", "memoryContainerName", "app")))
                .isInstanceOfSatisfying(ParsedTrigger.Valid.class, valid -> assertThat(valid.spec().signals())
                        .containsExactly(new MemoryTrigger("shop", "api", averageValue, "app")));
    }

    @Test
    void cpuAndMemoryCombineInOneTrigger() {
        assertThat(parse(Map.of("cpuTargetUtilization", "70", "memoryTargetUtilization", "80", "fusion", "min")))
                .isInstanceOfSatisfying(ParsedTrigger.Valid.class, valid -> assertThat(valid.spec().signals()).hasSize(2));
    }

    @Test
    void bothFormsAtOnceAreRefused() {
        assertThat(parse(Map.of("memoryTargetUtilization", "80", "memoryTargetAverageValue", "300Mi")))
                .isInstanceOfSatisfying(ParsedTrigger.Invalid.class, invalid -> {
                    assertThat(invalid.key()).isEqualTo("memoryTargetAverageValue");
                    assertThat(invalid.rule()).contains("not both");
                });
    }

    @Test
    void neitherFormIsRefused() {
        assertThat(parse(Map.of("memoryContainerName", "app"))).isInstanceOfSatisfying(ParsedTrigger.Invalid.class,
                invalid -> assertThat(invalid.key()).isEqualTo("memoryTargetUtilization"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"300MB", "300 Mi", "Mi", "lots", "1.2.3Gi", "0", "0Mi", "-1Mi", "9Ei", "1e100"})
    void aMalformedOrNonPositiveAverageValueIsRefusedNamingTheKey(String value) {
        assertThat(parse(Map.of("memoryTargetAverageValue", value))).isInstanceOfSatisfying(ParsedTrigger.Invalid.class,
                invalid -> assertThat(invalid.key()).isEqualTo("memoryTargetAverageValue"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "80%", "eighty"})
    void aUtilizationOutOfRangeIsRefusedNamingTheKey(String value) {
        assertThat(parse(Map.of("memoryTargetUtilization", value))).isInstanceOfSatisfying(ParsedTrigger.Invalid.class,
                invalid -> assertThat(invalid.key()).isEqualTo("memoryTargetUtilization"));
    }

    @Test
    void messagesQuoteOnlyAShortPrefixOfHugeValues() {
        assertThat(parse(Map.of("memoryTargetAverageValue", "9".repeat(100_000) + "Mi"))).isInstanceOfSatisfying(ParsedTrigger.Invalid.class,
                invalid -> assertThat(invalid.message().length()).isLessThan(300));
    }
}
