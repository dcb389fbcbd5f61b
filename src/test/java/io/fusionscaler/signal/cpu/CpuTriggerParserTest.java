package io.fusionscaler.signal.cpu;

import io.fusionscaler.signal.memory.MemoryTriggerParser;
import io.fusionscaler.trigger.ParsedTrigger;
import io.fusionscaler.trigger.TriggerParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CpuTriggerParserTest {

    private static final TriggerParser PARSER = new TriggerParser(List.of(new CpuTriggerParser(), new MemoryTriggerParser()));

    static ParsedTrigger parse(Map<String, String> metadata) {
        return PARSER.parse("shop", "api", metadata);
    }

    @Test
    void aTargetUtilizationTurnsTheSignalOnForTheScaledObjectsTarget() {
        ParsedTrigger parsed = parse(Map.of("cpuTargetUtilization", "70", "cpuContainerName", "app"));

        assertThat(parsed).isInstanceOfSatisfying(ParsedTrigger.Valid.class, valid -> assertThat(valid.spec().signals())
                .containsExactly(new CpuTrigger("shop", "api", 70, "app")));
    }

    @Test
    void keysMayComeFromTheTargetsEnvironment() {
        assertThat(parse(Map.of("cpuTargetUtilizationFromEnv", "85"))).isInstanceOfSatisfying(ParsedTrigger.Valid.class,
                valid -> assertThat(valid.spec().signals()).containsExactly(new CpuTrigger("shop", "api", 85, "")));
    }

    @Test
    void theSameMetadataInAnotherNamespaceIsAnotherSpec() {
        ParsedTrigger other = PARSER.parse("billing", "api", Map.of("cpuTargetUtilization", "70"));
        ParsedTrigger here = parse(Map.of("cpuTargetUtilization", "70"));
        assertThat(((ParsedTrigger.Valid) other).spec().signals()).isNotEqualTo(((ParsedTrigger.Valid) here).spec().signals());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "-5", "abc", "50%", "1e2", "70.5", "99999999999999999999"})
    void aUtilizationOutsideOneToAThousandPercentIsRefusedNamingTheKey(String value) {
        assertThat(parse(Map.of("cpuTargetUtilization", value))).isInstanceOfSatisfying(ParsedTrigger.Invalid.class, invalid -> {
            assertThat(invalid.key()).isEqualTo("cpuTargetUtilization");
            assertThat(invalid.rule()).contains("1").contains("1000");
        });
    }

    @Test
    void aContainerNameAloneIsNotEnough() {
        assertThat(parse(Map.of("cpuContainerName", "app"))).isInstanceOfSatisfying(ParsedTrigger.Invalid.class,
                invalid -> assertThat(invalid.message()).startsWith("metadata key 'cpuTargetUtilization': is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"App", "-app", "app-", "a_b", "a.b", "a b"})
    void aContainerNameMustBeADns1123Label(String name) {
        assertThat(parse(Map.of("cpuTargetUtilization", "70", "cpuContainerName", name)))
                .isInstanceOfSatisfying(ParsedTrigger.Invalid.class, invalid -> assertThat(invalid.key()).isEqualTo("cpuContainerName"));
    }

    @Test
    void messagesQuoteOnlyAShortPrefixOfHugeValues() {
        String huge = "x".repeat(100_000);
        for (String key : List.of("cpuTargetUtilization", "cpuContainerName")) {
            Map<String, String> metadata = key.equals("cpuContainerName") ? Map.of("cpuTargetUtilization", "70", key, huge) : Map.of(key, huge);
            assertThat(parse(metadata)).isInstanceOfSatisfying(ParsedTrigger.Invalid.class,
                    invalid -> assertThat(invalid.message().length()).isLessThan(300));
        }
    }

    @Test
    void aMisspelledKeyIsUnknown() {
        assertThat(parse(Map.of("cpuTarget", "70"))).isInstanceOfSatisfying(ParsedTrigger.Invalid.class,
                invalid -> assertThat(invalid.key()).isEqualTo("cpuTarget"));
    }
}
