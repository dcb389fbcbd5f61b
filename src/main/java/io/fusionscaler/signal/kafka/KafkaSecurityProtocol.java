package io.fusionscaler.signal.kafka;

/** Kafka's {@code security.protocol} values. */
public enum KafkaSecurityProtocol {
    PLAINTEXT,
    SSL,
    SASL_PLAINTEXT,
    SASL_SSL;

    boolean usesTls() {
        return this == SSL || this == SASL_SSL;
    }

    boolean usesSasl() {
        return this == SASL_PLAINTEXT || this == SASL_SSL;
    }
}
