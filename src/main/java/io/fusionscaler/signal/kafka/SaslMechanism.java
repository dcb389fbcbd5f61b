package io.fusionscaler.signal.kafka;

/** The SASL mechanisms a named cluster may use, with the login module each needs. */
public enum SaslMechanism {
    PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule"),
    SCRAM_SHA_256("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule"),
    SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

    private final String kafkaName;
    private final String loginModule;

    SaslMechanism(String kafkaName, String loginModule) {
        this.kafkaName = kafkaName;
        this.loginModule = loginModule;
    }

    /** The value of Kafka's {@code sasl.mechanism}. */
    public String kafkaName() {
        return kafkaName;
    }

    String loginModule() {
        return loginModule;
    }
}
