package io.fusionscaler.signal.gpu;

import io.fusionscaler.signal.GoDuration;
import io.fusionscaler.signal.cpu.CpuTriggerParser;
import io.fusionscaler.trigger.ParsedTrigger;
import io.fusionscaler.trigger.TriggerParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GpuTriggerParserTest {

    private static final TriggerParser PARSER = new TriggerParser(List.of(new CpuTriggerParser(), new GpuTriggerParser()));

    static ParsedTrigger parse(Map<String, String> metadata) {
        return PARSER.parse("ml", "model", metadata);
    }

    private static void assertInvalid(Map<String, String> metadata, String key, String ruleContains) {
        assertThat(parse(metadata)).isInstanceOfSatisfying(ParsedTrigger.Invalid.class, invalid -> {
            assertThat(invalid.key()).isEqualTo(key);
            assertThat(invalid.rule()).contains(ruleContains);
        });
    }

    @Test
    void aTargetUtilizationTurnsTheSignalOnWithDefaults() {
        assertThat(parse(Map.of("gpuTargetUtilization", "80"))).isInstanceOfSatisfying(ParsedTrigger.Valid.class,
                valid -> assertThat(valid.spec().signals()).containsExactly(new GpuTrigger("ml", "model", 80, 0, Duration.ofMinutes(5))));
    }

    @Test
    void everyKeyIsReadAndMayComeFromTheTargetsEnvironment() {
        assertThat(parse(Map.of("gpuTargetUtilizationFromEnv", "85", "gpuActivationUtilization", "5", "gpuIdleAfter", "1h30m")))
                .isInstanceOfSatisfying(ParsedTrigger.Valid.class, valid -> assertThat(valid.spec().signals())
                        .containsExactly(new GpuTrigger("ml", "model", 85, 5, Duration.ofMinutes(90))));
    }

    @Test
    void gpuAndCpuFuseInOneTrigger() {
        assertThat(parse(Map.of("gpuTargetUtilization", "80", "cpuTargetUtilization", "70")))
                .isInstanceOfSatisfying(ParsedTrigger.Valid.class, valid -> assertThat(valid.spec().signals()).hasSize(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-5", "abc", "50%", "70.5", "+70", "070", "99999999999999999999"})
    void aTargetOutsideOneToAHundredPercentIsRefusedNamingTheKey(String value) {
        assertInvalid(Map.of("gpuTargetUtilization", value), "gpuTargetUtilization", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "101", "x", "5.5"})
    void anActivationOutsideZeroToAHundredIsRefused(String value) {
        assertInvalid(Map.of("gpuTargetUtilization", "80", "gpuActivationUtilization", value), "gpuActivationUtilization", "");
    }

    @Test
    void activationOrIdleWindowAloneNeedTheTarget() {
        assertInvalid(Map.of("gpuActivationUtilization", "5"), "gpuActivationUtilization", "needs gpuTargetUtilization");
        assertInvalid(Map.of("gpuIdleAfter", "5m"), "gpuIdleAfter", "needs gpuTargetUtilization");
    }

    @ParameterizedTest
    @CsvSource({"5m, 300000", "90s, 90000", "1h30m, 5400000", "1.5h, 5400000", "300ms, 300", "0, 0", "0s, 0", ".5s, 500",
            "1m30.5s, 90500", "2h45m10s, 9910000", "+10s, 10000", "1000us, 1", "24h, 86400000"})
    void idleAfterIsAGoDuration(String text, long millis) {
        assertThat(parse(Map.of("gpuTargetUtilization", "80", "gpuIdleAfter", text))).isInstanceOfSatisfying(ParsedTrigger.Valid.class,
                valid -> assertThat(((GpuTrigger) valid.spec().signals().get(0)).idleAfter()).isEqualTo(Duration.ofMillis(millis)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5 m", "m", "5min", "1d", "PT5M", "1..5s", ".s", "5m-", "5M"})
    void anythingGoWouldNotParseIsRefused(String text) {
        assertInvalid(Map.of("gpuTargetUtilization", "80", "gpuIdleAfter", text), "gpuIdleAfter", "must be a duration such as 5m");
    }

    @Test
    void idleAfterIsZeroToADay() {
        assertInvalid(Map.of("gpuTargetUtilization", "80", "gpuIdleAfter", "-1m"), "gpuIdleAfter", "must not be negative");
        assertInvalid(Map.of("gpuTargetUtilization", "80", "gpuIdleAfter", "25h"), "gpuIdleAfter", "at most 24h");
        assertInvalid(Map.of("gpuTargetUtilization", "80", "gpuIdleAfter", "9999999999h"), "gpuIdleAfter", "must be a duration");
    }

    @Test
    void goDurationsMatchGosOwnExamples() {
        assertThat(GoDuration.parse("1h15m30.918273645s")).contains(Duration.ofNanos(4_530_918_273_645L));
        assertThat(GoDuration.parse("1.000000001s")).contains(Duration.ofNanos(1_000_000_001L));
        assertThat(GoDuration.parse("3\u00B5s")).contains(Duration.ofNanos(3_000));
        assertThat(GoDuration.parse("3\u03BCs")).contains(Duration.ofNanos(3_000));
        assertThat(GoDuration.parse("-0")).contains(Duration.ZERO);
        assertThat(GoDuration.parse("")).isEmpty();
        assertThat(GoDuration.parse("-")).isEmpty();
    }
}
