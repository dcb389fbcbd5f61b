package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.RefreshDeadline;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.fusionscaler.signal.kafka.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a refresh tells a broken shared client from a cluster that does not answer (no broker needed). */
class ClusterRefreshTest {

    private final List<Admin> created = new ArrayList<>();
    private KafkaAdmins admins;
    private KafkaClusterRef cluster;

    @AfterEach
    void close() {
        admins.close();
    }

    private void adminsMadeBy(Function<Map<String, Object>, Admin> factory) throws IOException {
        cluster = new KafkaClusterRef.Bootstrap("127.0.0.1:" + closedPort());
        admins = new KafkaAdmins(TestKafkaConfig.defaults(), properties -> {
            Admin admin = factory.apply(properties);
            created.add(admin);
            return admin;
        }, System::nanoTime, false);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Map<KafkaTrigger, FetchedOffsets> refresh(long budgetMillis) throws ClusterSetupException {
        try (KafkaAdmins.Lease lease = admins.lease(cluster)) {
            KafkaTrigger trigger = trigger().cluster(cluster).build();
            return new ClusterRefresh(cluster, lease, RefreshDeadline.after(Duration.ofMillis(budgetMillis))).fetch(List.of(trigger));
        }
    }

    private Admin currentAdmin() throws ClusterSetupException {
        try (KafkaAdmins.Lease lease = admins.lease(cluster)) {
            return lease.admin();
        }
    }

    private static String reason(Map<KafkaTrigger, FetchedOffsets> fetched) {
        FetchedOffsets offsets = fetched.values().iterator().next();
        assertThat(offsets).isInstanceOf(FetchedOffsets.Failure.class);
        return ((FetchedOffsets.Failure) offsets).reason();
    }

    @Test
    void aClientThatFailsCallsItselfIsReplacedForTheNextRefresh() throws Exception {
        adminsMadeBy(Admin::create);
        currentAdmin().close(Duration.ofSeconds(1));

        String reason = reason(refresh(5_000));

        assertThat(reason).contains("the Kafka client failed the call itself").contains("replaced for the next refresh");
        assertThat(currentAdmin()).isNotSameAs(created.get(0));
        assertThat(created).hasSize(2);
    }

    @Test
    void aClientWhoseCallsThrowIsReplaced() throws Exception {
        adminsMadeBy(properties -> (Admin) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Admin.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new KafkaException("client is broken");
                }));

        assertThatThrownBy(() -> refresh(5_000)).isInstanceOf(KafkaException.class);

        assertThat(currentAdmin()).isNotSameAs(created.get(0));
    }

    @Test
    void aClusterThatDoesNotAnswerKeepsItsClient() throws Exception {
        adminsMadeBy(Admin::create);

        assertThat(reason(refresh(300))).contains("no answer within 300 ms");
        assertThat(reason(refresh(300))).contains("no answer within 300 ms");

        assertThat(created).hasSize(1);
    }
}
