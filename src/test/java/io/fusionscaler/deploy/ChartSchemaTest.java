package io.fusionscaler.deploy;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** values.schema.json and the templates' own checks turn a typo'd, mistyped or incomplete value into an error. */
class ChartSchemaTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a misspelt key                    | scaler: {replica: 3}                                          | additional properties 'replica' not allowed
            a misspelt top-level key          | gpuAgnet: {enabled: false}                                    | additional properties 'gpuAgnet' not allowed
            a string for a number             | scaler: {replicas: two}                                       | got string, want integer
            an unknown image flavor           | image: {flavor: graal}                                        | at '/image/flavor': value must be one of
            an unknown client-auth mode       | grpcTls: {clientAuth: MAYBE}                                  | at '/grpcTls/clientAuth': value must be one of
            a duration without a unit         | config: {kafka: {refreshInterval: '5'}}                       | /config/kafka/refreshInterval
            a cluster name that is no label   | kafka: {clusters: {Prod_EU: {bootstrapServers: 'k:9092'}}}    | Prod_EU
            a cluster without brokers         | kafka: {clusters: {main: {saslUsername: scaler}}}             | bootstrapServers
            an unknown SASL mechanism         | kafka: {clusters: {main: {bootstrapServers: 'k:9092', saslMechanism: GSSAPI}}} | at '/kafka/clusters/main/saslMechanism': value must be one of
            a port out of range               | scaler: {ports: {grpc: 90900}}                                | /scaler/ports/grpc
            an unknown anti-affinity          | scaler: {podAntiAffinity: always}                             | at '/scaler/podAntiAffinity': value must be one of
            TLS without a certificate source  | grpcTls: {enabled: true}                                      | grpcTls.secretName is required
            mTLS without a trust store        | grpcTls: {enabled: true, secretName: tls, clientAuth: REQUIRED, clientTrustStore: {passwordSecret: {name: p}}} | grpcTls.clientTrustStore.secretName is required
            mTLS without its password         | grpcTls: {enabled: true, secretName: tls, clientAuth: REQUIRED, clientTrustStore: {secretName: ca}} | grpcTls.clientTrustStore.passwordSecret.name is required
            cert-manager without an issuer    | grpcTls: {enabled: true, certManager: {enabled: true}}        | grpcTls.certManager.issuerRef.name is required
            """)
    void helmRefuses(String what, String values, String message) throws IOException {
        Path file = Files.writeString(dir.resolve("values.yaml"), values);

        assertThatThrownBy(() -> Chart.template(List.of(file), Map.of()))
                .as(what).isInstanceOf(IllegalStateException.class).hasMessageContaining(message);
    }
}
