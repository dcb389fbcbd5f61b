package io.fusionscaler.keda;

import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.ScriptedSignal;
import io.fusionscaler.testing.TestCertificates;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * KEDA with {@code enableTLS} plus a client certificate from its TriggerAuthentication: the server's
 * certificate and key, and the CA it trusts for clients, are mounted PEM files.
 */
@QuarkusTest
@TestProfile(GrpcMutualTlsWiringTest.MutualTls.class)
class GrpcMutualTlsWiringTest {

    static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "fusion-scaler-tls-test");

    public static class MutualTls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                TestCertificates.Pem server = TestCertificates.create(DIR, "scaler");
                TestCertificates.Pem keda = TestCertificates.create(DIR, "keda");
                return Map.of(
                        "quarkus.grpc.server.ssl.certificate", server.certificate().toString(),
                        "quarkus.grpc.server.ssl.key", server.key().toString(),
                        // The gRPC server reads client CAs from JKS or PKCS12 only.
                        "quarkus.grpc.server.ssl.trust-store", TestCertificates.trustStore(keda.certificate(), DIR.resolve("clients.p12")).toString(),
                        "quarkus.grpc.server.ssl.trust-store-password", "changeit",
                        "quarkus.grpc.server.ssl.client-auth", "REQUIRED",
                        "quarkus.grpc.server.plain-text", "false");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int grpcPort;

    @Inject
    ScriptedSignal signal;

    private ManagedChannel channel(boolean withClientCertificate) throws IOException {
        SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(DIR.resolve("scaler.crt").toFile());
        if (withClientCertificate) {
            ssl.keyManager(DIR.resolve("keda.crt").toFile(), DIR.resolve("keda.key").toFile());
        }
        return NettyChannelBuilder.forAddress("localhost", grpcPort).sslContext(ssl.build()).build();
    }

    private ScaledObjectRef ref(KedaLikeClient keda) {
        return keda.ref("secure", "so", Map.of("scriptedSignal", "tls", "enableTLS", "true"));
    }

    @Test
    void kedaWithTheClientCertificateIsServedOverTls() throws Exception {
        signal.measure("tls", 3, true);
        KedaLikeClient keda = new KedaLikeClient(channel(true), "localhost:" + grpcPort).connected();

        KedaLikeClient.Poll poll = keda.poll(ref(keda));

        assertThat(poll.value()).isEqualTo(3.0);
        assertThat(poll.active()).isTrue();
        keda.close();
    }

    @Test
    void aClientWithoutACertificateIsRejected() throws Exception {
        KedaLikeClient keda = new KedaLikeClient(channel(false), "localhost:" + grpcPort);

        assertThatThrownBy(() -> keda.poll(ref(keda))).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        keda.close();
    }

    @Test
    void aPlaintextClientIsRejected() throws Exception {
        KedaLikeClient keda = new KedaLikeClient("localhost", grpcPort);

        assertThatThrownBy(() -> keda.poll(ref(keda))).isInstanceOf(StatusRuntimeException.class);
        keda.close();
        assertThat(Files.exists(DIR.resolve("scaler.key"))).isTrue();
    }
}
