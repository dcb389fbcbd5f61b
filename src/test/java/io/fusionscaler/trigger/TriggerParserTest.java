package io.fusionscaler.trigger;

import io.fusionscaler.signal.SignalParser;
import io.fusionscaler.signal.TriggerMetadata;
import io.fusionscaler.signal.InvalidMetadataException;

import io.fusionscaler.signal.SignalSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TriggerParserTest {

    record DepthSpec(long target) implements SignalSpec {
        @Override
        public String signal() {
            return "depth";
        }
    }

    /** A signal owning one key, {@code depthTarget}, which must be > 0. */
    static final class DepthParser implements SignalParser {
        @Override
        public String signal() {
            return "depth";
        }

        @Override
        public Set<String> keys() {
            return Set.of("depthTarget");
        }

        @Override
        public boolean isConfigured(TriggerMetadata metadata) {
            return metadata.has("depthTarget");
        }

        @Override
        public SignalSpec parse(TriggerMetadata metadata) throws InvalidMetadataException {
            long target = metadata.longValue("depthTarget", 0);
            if (target <= 0) {
                throw new InvalidMetadataException("depthTarget", "must be > 0, got " + target);
            }
            return new DepthSpec(target);
        }
    }

    private final TriggerParser parser = new TriggerParser(List.of(new DepthParser()));

    @Test
    void kedaClientKeysAreAcceptedAlongsideSignalKeys() {
        ParsedTrigger parsed = parser.parse(Map.of("scalerAddress", "fusion:9090", "enableTLS", "false", "unsafeSsl", "false", "depthTarget", "5"));

        assertThat(parsed).isInstanceOfSatisfying(ParsedTrigger.Valid.class,
                v -> assertThat(v.spec().signals()).containsExactly(new DepthSpec(5)));
    }

    @Test
    void unknownKeysAreRejectedByName() {
        ParsedTrigger parsed = parser.parse(Map.of("depthTarget", "5", "depthTraget", "5"));

        assertThat(parsed).isInstanceOfSatisfying(ParsedTrigger.Invalid.class, i -> {
            assertThat(i.key()).isEqualTo("depthTraget");
            assertThat(i.message()).contains("unknown key").contains("depthTarget");
        });
    }

    @Test
    void fromEnvVariantsOfKnownKeysAreAccepted() {
        ParsedTrigger parsed = parser.parse(Map.of("depthTargetFromEnv", "8"));

        assertThat(parsed).isInstanceOfSatisfying(ParsedTrigger.Valid.class,
                v -> assertThat(v.spec().signals()).containsExactly(new DepthSpec(8)));
    }

    @Test
    void aKeyAndItsFromEnvVariantTogetherConflict() {
        ParsedTrigger parsed = parser.parse(Map.of("depthTarget", "8", "depthTargetFromEnv", "9"));

        assertThat(parsed).isInstanceOfSatisfying(ParsedTrigger.Invalid.class, i -> assertThat(i.rule()).contains("not both"));
    }

    @Test
    void metadataWithoutAnySignalIsRejected() {
        ParsedTrigger parsed = parser.parse(Map.of("scalerAddress", "fusion:9090"));

        assertThat(parsed).isInstanceOfSatisfying(ParsedTrigger.Invalid.class, i -> assertThat(i.rule()).contains("configures no signal"));
    }

    @Test
    void signalRuleViolationsNameTheKeyAndRule() {
        ParsedTrigger parsed = parser.parse(Map.of("depthTarget", "0"));

        assertThat(parsed).isEqualTo(new ParsedTrigger.Invalid("depthTarget", "must be > 0, got 0"));
    }

    @Test
    void anUnknownFusionPolicyIsRejected() {
        ParsedTrigger parsed = parser.parse(Map.of("depthTarget", "3", "fusion", "avg"));

        assertThat(parsed).isInstanceOfSatisfying(ParsedTrigger.Invalid.class, i -> {
            assertThat(i.key()).isEqualTo("fusion");
            assertThat(i.rule()).contains("[max]");
        });
    }

    @Test
    void typedGettersNameTheBadValue() {
        TriggerMetadata metadata = new TriggerMetadata(Map.of("flag", "yes", "count", "AA"));

        assertThat(catchKey(() -> metadata.bool("flag", false))).isEqualTo("flag");
        assertThat(catchKey(() -> metadata.longValue("count", 0))).isEqualTo("count");
    }

    @Test
    void booleansAcceptTheSpellingsKedaAccepts() throws InvalidMetadataException {
        for (String yes : List.of("1", "t", "T", "TRUE", "true", "True")) {
            assertThat(new TriggerMetadata(Map.of("flag", yes)).bool("flag", false)).as(yes).isTrue();
        }
        for (String no : List.of("0", "f", "F", "FALSE", "false", "False")) {
            assertThat(new TriggerMetadata(Map.of("flag", no)).bool("flag", true)).as(no).isFalse();
        }
    }

    private interface Getter {
        Object get() throws InvalidMetadataException;
    }

    private static String catchKey(Getter getter) {
        try {
            getter.get();
            return null;
        } catch (InvalidMetadataException e) {
            return e.key();
        }
    }
}
