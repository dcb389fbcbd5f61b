package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.InvalidMetadataException;
import io.fusionscaler.trigger.ParsedTrigger;
import io.fusionscaler.signal.TriggerContext;
import io.fusionscaler.signal.TriggerMetadata;
import io.fusionscaler.trigger.TriggerParser;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaTriggerParserTest {

    private static final TestKafkaConfig CONFIG = TestKafkaConfig.defaults().withClusters(Map.of(
            "orders", TestKafkaConfig.TestCluster.plaintext("kafka-0:9092"),
            "billing", TestKafkaConfig.TestCluster.plaintext("kafka-1:9092")));

    private final KafkaTriggerParser parser = new KafkaTriggerParser(CONFIG);

    private static Map<String, String> metadata(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        map.put("bootstrapServers", "127.0.0.1:9092");
        map.put("consumerGroup", "my-group");
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                map.remove(keyValues[i]);
            } else {
                map.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return map;
    }

    private static TriggerContext context(Map<String, String> metadata) {
        return new TriggerContext("default", "orders-consumer", new TriggerMetadata(metadata));
    }

    private KafkaTrigger parse(String... keyValues) throws InvalidMetadataException {
        return parser.parse(context(metadata(keyValues)));
    }

    private void assertInvalid(String key, String ruleFragment, String... keyValues) {
        assertThatThrownBy(() -> parse(keyValues))
                .isInstanceOfSatisfying(InvalidMetadataException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.rule()).contains(ruleFragment);
                });
    }

    @Nested
    class Defaults {

        @Test
        void bootstrapServersAndConsumerGroupAloneGiveKedasDefaults() throws Exception {
            KafkaTrigger trigger = parse();
            assertThat(trigger.cluster()).isEqualTo(new KafkaClusterRef.Bootstrap("127.0.0.1:9092"));
            assertThat(trigger.consumerGroup()).isEqualTo("my-group");
            assertThat(trigger.topic()).isEmpty();
            assertThat(trigger.lagThreshold()).isEqualTo(10);
            assertThat(trigger.activationLagThreshold()).isZero();
            assertThat(trigger.offsetResetPolicy()).isEqualTo(OffsetResetPolicy.LATEST);
            assertThat(trigger.allowIdleConsumers()).isFalse();
            assertThat(trigger.limitToPartitionsWithLag()).isFalse();
            assertThat(trigger.ensureEvenDistributionOfPartitions()).isFalse();
            assertThat(trigger.excludePersistentLag()).isFalse();
            assertThat(trigger.scaleToZeroOnInvalidOffset()).isFalse();
            assertThat(trigger.partitionLimitation()).isEqualTo(PartitionLimitation.ALL);
            assertThat(trigger.signal()).isEqualTo("kafka");
        }

        @Test
        void everyOptionIsRead() throws Exception {
            KafkaTrigger trigger = parse("topic", "orders", "lagThreshold", "50", "activationLagThreshold", "3",
                    "offsetResetPolicy", "earliest", "ensureEvenDistributionOfPartitions", "true",
                    "excludePersistentLag", "true", "scaleToZeroOnInvalidOffset", "true", "partitionLimitation", "1-4,8",
                    "fullMetadata", "false", "version", "2.8.0");
            assertThat(trigger).isEqualTo(new KafkaTrigger(new KafkaClusterRef.Bootstrap("127.0.0.1:9092"), "my-group", "orders",
                    50, 3, OffsetResetPolicy.EARLIEST, false, false, true, true, true,
                    PartitionLimitation.parse("partitionLimitation", "1-4,8")));
        }

        @Test
        void limitToPartitionsWithLagAndAllowIdleConsumersAreRead() throws Exception {
            assertThat(parse("topic", "orders", "limitToPartitionsWithLag", "true").limitToPartitionsWithLag()).isTrue();
            assertThat(parse("allowIdleConsumers", "true").allowIdleConsumers()).isTrue();
        }

        @Test
        void equalMetadataGivesEqualSpecs() throws Exception {
            assertThat(parse("bootstrapServers", "a:1, b:2", "topic", "orders"))
                    .isEqualTo(parse("bootstrapServers", "a:1,b:2", "topic", "orders"));
        }

        @Test
        void keysMayComeFromTheTargetsEnvironment() throws Exception {
            assertThat(parse("consumerGroup", null, "consumerGroupFromEnv", "from-env").consumerGroup()).isEqualTo("from-env");
        }

        @Test
        void versionIsAcceptedAndIgnored() throws Exception {
            assertThat(parse("version", "1.0.0")).isEqualTo(parse());
        }
    }

    @Nested
    class Cluster {

        @Test
        void missingBootstrapServersAndKafkaClusterIsInvalidNamingBootstrapServers() {
            assertInvalid("bootstrapServers", "is required", "bootstrapServers", null);
        }

        @Test
        void missingClusterErrorListsTheConfiguredClusters() {
            assertInvalid("bootstrapServers", "[billing, orders]", "bootstrapServers", null);
        }

        @Test
        void kafkaClusterNamesAConfiguredCluster() throws Exception {
            assertThat(parse("bootstrapServers", null, "kafkaCluster", "orders").cluster())
                    .isEqualTo(new KafkaClusterRef.Named("orders"));
        }

        @Test
        void unknownKafkaClusterIsInvalidListingTheConfiguredNames() {
            assertInvalid("kafkaCluster", "defined clusters: [billing, orders]", "bootstrapServers", null, "kafkaCluster", "ordres");
        }

        @Test
        void unknownKafkaClusterWithoutAnyConfiguredSaysSo() {
            KafkaTriggerParser bare = new KafkaTriggerParser(TestKafkaConfig.defaults());
            assertThatThrownBy(() -> bare.parse(context(Map.of("kafkaCluster", "orders", "consumerGroup", "g"))))
                    .hasMessageContaining("none is defined");
        }

        @Test
        void bothKafkaClusterAndBootstrapServersAreInvalid() {
            assertInvalid("kafkaCluster", "not both", "kafkaCluster", "orders");
        }

        @Test
        void bootstrapServersMustBeHostPortPairs() {
            assertInvalid("bootstrapServers", "host:port", "bootstrapServers", "localhost");
            assertInvalid("bootstrapServers", "host:port", "bootstrapServers", "a:1,,b:2");
            assertInvalid("bootstrapServers", "host:port", "bootstrapServers", "a:99999");
        }

        @Test
        void bootstrapServersAreRefusedWhenTheScalerAllowsOnlyNamedClusters() {
            KafkaTriggerParser strict = new KafkaTriggerParser(CONFIG.withAllowBootstrapServers(false));
            assertThatThrownBy(() -> strict.parse(context(metadata())))
                    .isInstanceOfSatisfying(InvalidMetadataException.class, e -> {
                        assertThat(e.key()).isEqualTo("bootstrapServers");
                        assertThat(e.rule()).contains("allow-bootstrap-servers=false").contains("kafkaCluster");
                    });
        }

        @ParameterizedTest
        @ValueSource(strings = {"sasl", "tls", "saslTokenProvider", "username", "password", "ca", "cert", "key", "keyPassword"})
        void kedaAuthenticationKeysAreInvalidPointingToNamedClusters(String key) {
            assertInvalid(key, "fusion.kafka.clusters.<name>", key, "plaintext");
        }

        @Test
        void saslNoneAndTlsDisableAskForNothingAndAreAccepted() throws Exception {
            assertThat(parse("sasl", "none", "tls", "disable")).isEqualTo(parse());
        }

        @Test
        void saslInTheWholeTriggerIsReportedWithTheClusterRuleNotAsAnUnknownKey() {
            ParsedTrigger parsed = new TriggerParser(List.of(parser)).parse("default", "orders-consumer", metadata("sasl", "scram_sha512", "tls", "enable"));
            assertThat(parsed).isInstanceOfSatisfying(ParsedTrigger.Invalid.class, invalid -> {
                assertThat(invalid.key()).isEqualTo("sasl");
                assertThat(invalid.rule()).contains("TriggerAuthentication");
            });
        }
    }

    @Nested
    class Validation {

        @Test
        void missingConsumerGroupIsInvalid() {
            assertInvalid("consumerGroup", "is required", "consumerGroup", null);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1"})
        void lagThresholdMustBePositive(String value) {
            assertInvalid("lagThreshold", "must be > 0", "lagThreshold", value);
        }

        @ParameterizedTest
        @ValueSource(strings = {"1.5", "AA"})
        void lagThresholdMustBeAnInteger(String value) {
            assertInvalid("lagThreshold", "integer", "lagThreshold", value);
        }

        @Test
        void activationLagThresholdMustBeAnInteger() {
            assertInvalid("activationLagThreshold", "integer", "activationLagThreshold", "AA");
        }

        @Test
        void activationLagThresholdMustNotBeNegative() {
            assertInvalid("activationLagThreshold", ">= 0", "activationLagThreshold", "-1");
        }

        @Test
        void offsetResetPolicyMustBeLatestOrEarliest() {
            assertInvalid("offsetResetPolicy", "latest or earliest", "offsetResetPolicy", "foo");
            assertInvalid("offsetResetPolicy", "latest or earliest", "offsetResetPolicy", "Earliest");
        }

        @ParameterizedTest
        @ValueSource(strings = {"allowIdleConsumers", "limitToPartitionsWithLag", "ensureEvenDistributionOfPartitions",
                "excludePersistentLag", "scaleToZeroOnInvalidOffset", "fullMetadata"})
        void badBooleansAreInvalid(String key) {
            assertInvalid(key, "true or false", "topic", "orders", key, "notvalid");
        }

        @Test
        void booleansAcceptGoSpellingsAsKedaDoes() throws Exception {
            assertThat(parse("excludePersistentLag", "1").excludePersistentLag()).isTrue();
            assertThat(parse("excludePersistentLag", "T").excludePersistentLag()).isTrue();
            assertThat(parse("excludePersistentLag", "False").excludePersistentLag()).isFalse();
        }

        @Test
        void allowIdleConsumersAndLimitToPartitionsWithLagExcludeEachOther() {
            assertInvalid("limitToPartitionsWithLag", "allowIdleConsumers",
                    "topic", "orders", "allowIdleConsumers", "true", "limitToPartitionsWithLag", "true");
        }

        @Test
        void limitToPartitionsWithLagNeedsATopic() {
            assertInvalid("limitToPartitionsWithLag", "requires topic", "limitToPartitionsWithLag", "true");
        }

        @Test
        void limitToPartitionsWithLagAndEnsureEvenDistributionExcludeEachOther() {
            assertInvalid("ensureEvenDistributionOfPartitions", "limitToPartitionsWithLag",
                    "topic", "orders", "limitToPartitionsWithLag", "true", "ensureEvenDistributionOfPartitions", "true");
        }

        @Test
        void ensureEvenDistributionNeedsATopic() {
            assertInvalid("ensureEvenDistributionOfPartitions", "requires topic", "ensureEvenDistributionOfPartitions", "true");
        }

        @Test
        void fullMetadataFalseNeedsATopic() throws Exception {
            assertInvalid("fullMetadata", "requires topic", "fullMetadata", "false");
            assertThat(parse("fullMetadata", "false", "topic", "orders").topic()).isEqualTo("orders");
        }

        @Test
        void topicMustBeOneTopicName() {
            assertInvalid("topic", "one Kafka topic name", "topic", "a,b");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a,b", "1-2-3", "a-3", "1-b"})
        void malformedPartitionLimitationIsInvalid(String value) {
            assertInvalid("partitionLimitation", "", "topic", "orders", "partitionLimitation", value);
        }

        @Test
        void partitionLimitationIsParsedWithATopic() throws Exception {
            assertThat(parse("topic", "orders", "partitionLimitation", " 1 - 4 ").partitionLimitation())
                    .isEqualTo(PartitionLimitation.parse("partitionLimitation", "1,2,3,4"));
        }

        @Test
        void partitionLimitationIsIgnoredWithoutATopicEvenWhenMalformed() throws Exception {
            assertThat(parse("partitionLimitation", "1,2,3").partitionLimitation()).isEqualTo(PartitionLimitation.ALL);
            assertThat(parse("partitionLimitation", "a,b").partitionLimitation()).isEqualTo(PartitionLimitation.ALL);
        }
    }

    @Nested
    class HostileValues {

        @Test
        void aConsumerGroupUpToKafkasLimitOf32767BytesIsAccepted() throws Exception {
            assertThat(parse("consumerGroup", "g".repeat(32_767)).consumerGroup()).hasSize(32_767);
        }

        @Test
        void aLongerConsumerGroupWouldKillTheSharedClientAndIsInvalid() {
            assertInvalid("consumerGroup", "32767 bytes", "consumerGroup", "g".repeat(32_768));
            assertInvalid("consumerGroup", "got 32768 bytes", "consumerGroup", "é".repeat(16_384));
        }

        @ParameterizedTest
        @ValueSource(strings = {".", ".."})
        void topicsKafkaRefusesAreInvalid(String topic) {
            assertInvalid("topic", "not '.' or '..'", "topic", topic);
        }

        @Test
        void aBootstrapListKafkaCannotParseIsInvalid() {
            assertInvalid("bootstrapServers", "not a host name", "bootstrapServers", "a b:9092");
        }

        @Test
        void nonAsciiDigitsAreNoNumbers() {
            assertInvalid("lagThreshold", "integer", "lagThreshold", "５");
            assertInvalid("activationLagThreshold", "integer", "activationLagThreshold", "١٠");
            assertInvalid("partitionLimitation", "not a partition number", "topic", "orders", "partitionLimitation", "１,２");
        }

        @Test
        void aRefusedSecurityKeyIsNamedAsTheTriggerSpellsIt() {
            assertInvalid("passwordFromEnv", "TriggerAuthentication", "passwordFromEnv", "KAFKA_PASSWORD");
            assertInvalid("saslFromEnv", "TriggerAuthentication", "saslFromEnv", "plaintext");
        }

        @Test
        void ruleErrorsNameFromEnvKeysAsWritten() {
            assertInvalid("lagThresholdFromEnv", "must be > 0", "lagThresholdFromEnv", "0");
            assertInvalid("topicFromEnv", "one Kafka topic name", "topicFromEnv", "a,b");
            assertInvalid("partitionLimitationFromEnv", "not a partition number", "topic", "orders",
                    "partitionLimitationFromEnv", "x");
        }

        @ParameterizedTest
        @ValueSource(strings = {"lagThreshold", "activationLagThreshold", "offsetResetPolicy", "topic", "kafkaCluster",
                "bootstrapServers", "allowIdleConsumers", "partitionLimitation", "password"})
        void aHugeBadValueIsQuotedShort(String key) {
            String huge = "é".repeat(100_000);
            assertThatThrownBy(() -> parse(key, huge, key.equals("kafkaCluster") ? "bootstrapServers" : "unused", null,
                    "topic", key.equals("topic") ? huge : "orders"))
                    .isInstanceOfSatisfying(InvalidMetadataException.class, e -> {
                        assertThat(e.key()).isEqualTo(key);
                        assertThat(e.getMessage()).hasSizeLessThan(800);
                    });
        }

        @Test
        void aPartitionLimitationOfTenThousandItemsIsQuotedShort() {
            StringBuilder dashed = new StringBuilder("0");
            StringBuilder listed = new StringBuilder("0");
            for (int i = 1; i < 10_000; i++) {
                dashed.append('-').append(i);
                listed.append(',').append(i);
            }
            for (String value : List.of(dashed.toString(), listed + ",x", "9-" + listed.substring(2).replace(",", ""))) {
                assertThatThrownBy(() -> parse("topic", "orders", "partitionLimitation", value))
                        .isInstanceOfSatisfying(InvalidMetadataException.class, e -> {
                            assertThat(e.key()).isEqualTo("partitionLimitation");
                            assertThat(e.getMessage()).hasSizeLessThan(300);
                        });
            }
        }
    }

    @Nested
    class LagPolicies {

        @Test
        void thresholdIsTheDefaultAndKeepsEqualMetadataSharedAcrossScaledObjects() throws Exception {
            KafkaTrigger trigger = parse();
            KafkaTrigger elsewhere = parser.parse(new TriggerContext("other", "another", new TriggerMetadata(metadata())));

            assertThat(trigger.lagPolicy()).isEqualTo(LagPolicy.THRESHOLD);
            assertThat(trigger).isEqualTo(elsewhere);
            assertThat(parse("lagPolicy", "threshold")).isEqualTo(trigger);
        }

        @Test
        void rateReadsItsKeysAndBelongsToItsScaledObject() throws Exception {
            KafkaTrigger trigger = parse("lagPolicy", "rate", "lagDrainTarget", "90s", "lagReplicaRate", "250.5",
                    "lagScaleDownStabilization", "5m", "lagRateWindow", "45s");

            assertThat(trigger.lagPolicy()).isEqualTo(new LagPolicy.Rate("default", "orders-consumer", new LagRateSettings(
                    Duration.ofSeconds(90), OptionalDouble.of(250.5), Duration.ofMinutes(5), Duration.ofSeconds(45))));
            assertThat(trigger.excludesStalledLag()).isTrue();
        }

        @Test
        void rateDefaultsToNoReplicaRateAMinuteOfStabilizationAndAThirtySecondWindow() throws Exception {
            LagPolicy.Rate rate = (LagPolicy.Rate) parse("lagPolicy", "rate", "lagDrainTarget", "1m").lagPolicy();

            assertThat(rate.settings()).isEqualTo(new LagRateSettings(Duration.ofMinutes(1), OptionalDouble.empty(),
                    Duration.ofSeconds(60), Duration.ofSeconds(30)));
        }

        @Test
        void unknownPolicyIsInvalidNamingTheTwoPolicies() {
            assertInvalid("lagPolicy", "must be threshold (KEDA's arithmetic, the default) or rate, got 'growth'",
                    "lagPolicy", "growth");
        }

        @Test
        void rateWithoutDrainTargetIsInvalidSayingWhatItMeans() {
            assertInvalid("lagDrainTarget", "is required with lagPolicy: rate", "lagPolicy", "rate");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "0s", "-10s"})
        void drainTargetMustBePositive(String value) {
            assertInvalid("lagDrainTarget", "must be > 0, e.g. 60s", "lagPolicy", "rate", "lagDrainTarget", value);
        }

        @ParameterizedTest
        @ValueSource(strings = {"60", "1 minute", "10x"})
        void drainTargetMustBeADuration(String value) {
            assertInvalid("lagDrainTarget", "must be a duration such as 60s", "lagPolicy", "rate", "lagDrainTarget", value);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "0.0"})
        void replicaRateMustBePositive(String value) {
            assertInvalid("lagReplicaRate", "must be > 0 (messages one replica processes per second)",
                    "lagPolicy", "rate", "lagDrainTarget", "60s", "lagReplicaRate", value);
        }

        @ParameterizedTest
        @ValueSource(strings = {"-5", "1e3", "NaN", "fast"})
        void replicaRateMustBeAPlainNumber(String value) {
            assertInvalid("lagReplicaRate", "must be a number >= 0 like 10 or 2.5",
                    "lagPolicy", "rate", "lagDrainTarget", "60s", "lagReplicaRate", value);
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1s", "2h"})
        void stabilizationMustBeWithinTheHpasRange(String value) {
            assertInvalid("lagScaleDownStabilization", "must be between 0s and 1h",
                    "lagPolicy", "rate", "lagDrainTarget", "60s", "lagScaleDownStabilization", value);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0s", "11m"})
        void rateWindowMustBePositiveAndAtMostTenMinutes(String value) {
            assertInvalid("lagRateWindow", "must be > 0 and at most 10m",
                    "lagPolicy", "rate", "lagDrainTarget", "60s", "lagRateWindow", value);
        }

        @ParameterizedTest
        @ValueSource(strings = {"lagDrainTarget", "lagReplicaRate", "lagScaleDownStabilization", "lagRateWindow"})
        void rateKeysWithoutTheRatePolicyAreInvalidRatherThanIgnored(String key) {
            assertInvalid(key, "applies only with lagPolicy: rate", key, "60s");
        }

        @Test
        void rateKeysMayComeFromTheTargetsEnvironmentAndErrorsNameThemAsWritten() throws Exception {
            assertThat(parse("lagPolicy", "rate", "lagDrainTargetFromEnv", "2m").lagPolicy()).isInstanceOf(LagPolicy.Rate.class);
            assertInvalid("lagDrainTargetFromEnv", "must be > 0", "lagPolicy", "rate", "lagDrainTargetFromEnv", "0s");
        }
    }

    @Nested
    class Keys {

        @Test
        void anyKafkaKeyTurnsTheSignalOn() {
            assertThat(parser.isConfigured(new TriggerMetadata(Map.of("consumerGroup", "g")))).isTrue();
            assertThat(parser.isConfigured(new TriggerMetadata(Map.of("kafkaClusterFromEnv", "orders")))).isTrue();
            assertThat(parser.isConfigured(new TriggerMetadata(Map.of("sasl", "plaintext")))).isTrue();
        }

        @Test
        void otherKeysLeaveTheSignalOff() {
            assertThat(parser.isConfigured(new TriggerMetadata(Map.of("scalerAddress", "x:9090", "queueTarget", "5")))).isFalse();
        }

        @Test
        void keysAreKedasKafkaOptionsPlusKafkaClusterAndTheRefusedAuthKeys() {
            assertThat(parser.keys()).contains("bootstrapServers", "consumerGroup", "topic", "lagThreshold",
                    "activationLagThreshold", "offsetResetPolicy", "allowIdleConsumers", "limitToPartitionsWithLag",
                    "ensureEvenDistributionOfPartitions", "excludePersistentLag", "scaleToZeroOnInvalidOffset",
                    "partitionLimitation", "fullMetadata", "version", "kafkaCluster", "sasl", "tls", "lagPolicy",
                    "lagDrainTarget", "lagReplicaRate", "lagScaleDownStabilization", "lagRateWindow")
                    .doesNotContain("scalerAddress", "unsafeSsl");
        }
    }
}
