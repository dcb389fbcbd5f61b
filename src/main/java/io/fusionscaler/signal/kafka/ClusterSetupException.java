package io.fusionscaler.signal.kafka;

/**
 * No Admin client can be made for a cluster (unreadable secret file, bad key, unresolvable brokers).
 * The message names the cluster and the file or setting, never a secret. Caught by {@link KafkaLagSource},
 * which turns it into failed outcomes.
 */
final class ClusterSetupException extends Exception {

    ClusterSetupException(String message) {
        super(message);
    }
}
