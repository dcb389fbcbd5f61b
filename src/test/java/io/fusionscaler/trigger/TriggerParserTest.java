package io.fusionscaler.trigger;

import io.fusionscaler.signal.SignalParser;
import io.fusionscaler.signal.TriggerContext;
import io.fusionscaler.signal.TriggerMetadata;
import io.fusionscaler.signal.InvalidMetadataException;

import io.fusionscaler.signal.SignalSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TriggerParserTest {

    record DepthSpec(String namespace, long target) implements SignalSpec {
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
        public SignalSpec parse(TriggerContext context) throws InvalidMetadataException {
            long target = context.metadata().longValue("depthTarget", 0);
            if (target <= 0) {
                throw new InvalidMetadataException("depthTarget", "must be > 0, got " + target);
            }
            return new DepthSpec(context.namespace(), target);
        }
    }

    /** A parser claiming the keys it is given, for the key-claim rules. */
    private static SignalParser claiming(String signal, boolean kedaNames, String... keys) {
        return new SignalParser() {
            @Override
            public String signal() {
                return signal;
            }

            @Override
            public Set<String> keys() {
                return Set.of(keys);
            }

            @Override
            public boolean keepsKedaKeyNames() {
                return kedaNames;
            }

            @Override
            public boolean isConfigured(TriggerMetadata metadata) {
                return false;
            }

            @Override
            public SignalSpec parse(TriggerContext context) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private final TriggerParser parser = new TriggerParser(List.of(new DepthParser()));

    private ParsedTrigger parse(Map<String, String> metadata) {
        return parser.parse("default", "orders", metadata);
    }

    @Test
    void theParserSeesTheScaledObjectSoTheSameMetadataInAnotherNamespaceIsAnotherSpec() {
        ParsedTrigger inDefault = parser.parse("default", "orders", Map.of("depthTarget", "5"));
        ParsedTrigger inShop = parser.parse("shop", "orders", Map.of("depthTarget", "5"));

        assertThat(inDefault).isInstanceOfSatisfying(ParsedTrigger.Valid.class,
                v -> assertThat(v.spec().signals()).containsExactly(new DepthSpec("default", 5)));
        assertThat(inShop).isInstanceOfSatisfying(ParsedTrigger.Valid.class,
                v -> assertThat(v.spec().signals()).containsExactly(new DepthSpec("shop", 5)));
    }

    @Test
    void twoParsersCanNeverClaimTheSameKey() {
        assertThatThrownBy(() -> new TriggerParser(List.of(new DepthParser(), claiming("depth2", false, "depthTarget"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("metadata key 'depthTarget' is claimed by both signal 'depth' and signal 'depth2'");
    }

    @Test
    void noSignalMayClaimKedasClientKeysOrTheFusionKey() {
        assertThatThrownBy(() -> new TriggerParser(List.of(claiming("kafka", true, "scalerAddress"))))
                .hasMessageContaining("'scalerAddress' is claimed by both KEDA's external scaler client");
        assertThatThrownBy(() -> new TriggerParser(List.of(claiming("kafka", true, "fusion"))))
                .hasMessageContaining("'fusion' is claimed by both the fusion policy");
    }

    @Test
    void keysOfSignalsThatDoNotKeepKedaNamesStartWithTheSignalsName() {
        assertThatThrownBy(() -> new TriggerParser(List.of(claiming("queue", false, "port"))))
                .hasMessage("metadata key 'port' of signal 'queue' must start with 'queue'");
        assertThat(new TriggerParser(List.of(claiming("kafka", true, "topic"))).signals()).containsExactly("kafka");
    }

    @Test
    void kedaClientKeysAreAcceptedAlongsideSignalKeys() {
        ParsedTrigger parsed = parse(Map.of("scalerAddress", "fusion:9090", "enableTLS", "false", "unsafeSsl", "false", "depthTarget", "5"));

        assertThat(parsed).isInstanceOfSatisfying(ParsedTrigger.Valid.class,
                v -> assertThat(v.spec().signals()).containsExactly(new DepthSpec("default", 5)));
    }

    @Test
    void unknownKeysAreRejectedByName() {
        ParsedTrigger parsed = parse(Map.of("depthTarget", "5", "depthTraget", "5"));

        assertThat(parsed).isInstanceOfSatisfying(ParsedTrigger.Invalid.class, i -> {
            assertThat(i.key()).isEqualTo("depthTraget");
            assertThat(i.message()).contains("unknown key").contains("depthTarget");
        });
    }

    @Test
    void fromEnvVariantsOfKnownKeysAreAccepted() {
        ParsedTrigger parsed = parse(Map.of("depthTargetFromEnv", "8"));

        assertThat(parsed).isInstanceOfSatisfying(ParsedTrigger.Valid.class,
                v -> assertThat(v.spec().signals()).containsExactly(new DepthSpec("default", 8)));
    }

    @Test
    void aKeyAndItsFromEnvVariantTogetherConflict() {
        ParsedTrigger parsed = parse(Map.of("depthTarget", "8", "depthTargetFromEnv", "9"));

        assertThat(parsed).isInstanceOfSatisfying(ParsedTrigger.Invalid.class, i -> assertThat(i.rule()).contains("not both"));
    }

    @Test
    void metadataWithoutAnySignalIsRejected() {
        ParsedTrigger parsed = parse(Map.of("scalerAddress", "fusion:9090"));

        assertThat(parsed).isInstanceOfSatisfying(ParsedTrigger.Invalid.class, i -> assertThat(i.rule()).contains("configures no signal"));
    }

    @Test
    void signalRuleViolationsNameTheKeyAndRule() {
        ParsedTrigger parsed = parse(Map.of("depthTarget", "0"));

        assertThat(parsed).isEqualTo(new ParsedTrigger.Invalid("depthTarget", "must be > 0, got 0"));
    }

    @Test
    void anUnknownFusionPolicyIsRejected() {
        ParsedTrigger parsed = parse(Map.of("depthTarget", "3", "fusion", "avg"));

        assertThat(parsed).isInstanceOfSatisfying(ParsedTrigger.Invalid.class, i -> {
            assertThat(i.key()).isEqualTo("fusion");
            assertThat(i.rule()).contains("[max, min]");
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
