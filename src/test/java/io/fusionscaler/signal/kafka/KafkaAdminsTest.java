package io.fusionscaler.signal.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaAdminsTest {

    private static final KafkaClusterRef A = new KafkaClusterRef.Bootstrap("a:9092");
    private static final KafkaClusterRef B = new KafkaClusterRef.Bootstrap("b:9092");
    private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final AtomicLong clock = new AtomicLong();
    private final List<Map<String, Object>> created = new ArrayList<>();
    private final List<Admin> closed = new ArrayList<>();
    private KafkaAdmins admins = admins(this::fakeAdmin, TestKafkaConfig.defaults());

    @TempDir
    Path dir;

    private KafkaAdmins admins(Function<Map<String, Object>, Admin> factory, KafkaConfig config) {
        return new KafkaAdmins(config, factory, clock::get, false);
    }

    private Admin fakeAdmin(Map<String, Object> properties) {
        created.add(properties);
        String name = "admin-" + created.size();
        return (Admin) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Admin.class}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "close":
                    synchronized (closed) {
                        closed.add((Admin) proxy);
                    }
                    return null;
                case "toString":
                    return name;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    throw new UnsupportedOperationException(method.getName());
            }
        });
    }

    private Admin use(KafkaClusterRef cluster) throws ClusterSetupException {
        try (KafkaAdmins.Lease lease = admins.lease(cluster)) {
            return lease.admin();
        }
    }

    @AfterEach
    void closeAdmins() {
        admins.close();
    }

    @Test
    void everyTriggerOnAClusterSharesOneAdmin() throws Exception {
        assertThat(use(A)).isSameAs(use(A));
        assertThat(created).hasSize(1);
    }

    @Test
    void eachClusterHasItsOwnAdmin() throws Exception {
        assertThat(use(A)).isNotSameAs(use(B));
        assertThat(created).extracting(p -> p.get("bootstrap.servers")).containsExactly("a:9092", "b:9092");
    }

    @Test
    void adminUnusedForTheIdleTimeoutIsClosedAndMadeAgainOnNextUse() throws Exception {
        Admin first = use(A);
        clock.addAndGet(IDLE_NANOS - 1);
        admins.closeIdle();
        assertThat(closed).isEmpty();
        clock.addAndGet(1);
        admins.closeIdle();
        assertThat(closed).containsExactly(first);
        assertThat(use(A)).isNotSameAs(first);
    }

    @Test
    void leasedAdminIsNeverClosedForIdleness() throws Exception {
        try (KafkaAdmins.Lease lease = admins.lease(A)) {
            clock.addAndGet(2 * IDLE_NANOS);
            admins.closeIdle();
            assertThat(closed).isEmpty();
            assertThat(lease.admin()).isNotNull();
        }
    }

    @Test
    void onlyTheIdleClusterIsClosed() throws Exception {
        Admin a = use(A);
        clock.addAndGet(IDLE_NANOS);
        Admin b = use(B);
        admins.closeIdle();
        assertThat(closed).containsExactly(a);
        assertThat(use(B)).isSameAs(b);
    }

    @Test
    void closeClosesEveryAdmin() throws Exception {
        Admin a = use(A);
        Admin b = use(B);
        admins.close();
        assertThat(closed).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void aReplacedAdminIsClosedAndTheNextLeaseMakesANewOne() throws Exception {
        Admin broken;
        try (KafkaAdmins.Lease lease = admins.lease(A)) {
            broken = lease.admin();
            lease.replace("its thread has exited");
        }

        assertThat(closed).containsExactly(broken);
        Admin fresh = use(A);
        assertThat(fresh).isNotSameAs(broken);
        assertThat(use(A)).isSameAs(fresh);
    }

    @Test
    void aLateReplaceNeverClosesTheAdminThatAlreadyReplacedIt() throws Exception {
        try (KafkaAdmins.Lease first = admins.lease(A); KafkaAdmins.Lease second = admins.lease(A)) {
            first.replace("broken");
            Admin fresh = use(A);
            second.replace("broken, seen by a second refresh");

            assertThat(closed).containsExactly(first.admin());
            assertThat(use(A)).isSameAs(fresh);
        }
    }

    @Test
    void replacingOneClustersAdminLeavesTheOthersAlone() throws Exception {
        Admin b = use(B);
        try (KafkaAdmins.Lease lease = admins.lease(A)) {
            lease.replace("broken");
        }
        assertThat(use(B)).isSameAs(b);
    }

    @Test
    void anAdminThatLeavesCallsUnansweredLongAfterTheirDeadlineIsReplacedOnItsNextLease() throws Exception {
        Admin stuck;
        try (KafkaAdmins.Lease lease = admins.lease(A)) {
            stuck = lease.admin();
            lease.unanswered(List.of(new CompletableFuture<Void>()));
        }
        clock.addAndGet(TimeUnit.SECONDS.toNanos(KafkaAdmins.UNANSWERED_LIMIT_SECONDS) - 1);
        assertThat(use(A)).isSameAs(stuck);
        assertThat(closed).isEmpty();

        clock.addAndGet(1);
        assertThat(use(A)).isNotSameAs(stuck);
        assertThat(closed).containsExactly(stuck);
    }

    @Test
    void callsAnsweredAfterTheirDeadlineAreForgiven() throws Exception {
        CompletableFuture<Void> late = new CompletableFuture<>();
        Admin admin;
        try (KafkaAdmins.Lease lease = admins.lease(A)) {
            admin = lease.admin();
            lease.unanswered(List.of(late));
        }
        late.complete(null);
        clock.addAndGet(TimeUnit.HOURS.toNanos(1));

        try (KafkaAdmins.Lease lease = admins.lease(A)) {
            assertThat(lease.admin()).isSameAs(admin);
        }
        assertThat(closed).isEmpty();
    }

    @Test
    void failedCreationIsRedactedAndRetriedOnNextUse() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "hunter2");
        TestKafkaConfig config = TestKafkaConfig.defaults().withClusters(Map.of("orders",
                TestKafkaConfig.TestCluster.plaintext("k:9092").withProtocol(KafkaSecurityProtocol.SASL_PLAINTEXT)
                        .withSasl(SaslMechanism.PLAIN, "u", password)));
        admins.close();
        admins = admins(properties -> {
            created.add(properties);
            throw new KafkaException("Failed to create new KafkaAdminClient", new KafkaException("bad hunter2"));
        }, config);
        KafkaClusterRef orders = new KafkaClusterRef.Named("orders");
        assertThatThrownBy(() -> use(orders)).isInstanceOf(ClusterSetupException.class)
                .hasMessage("cannot create a Kafka client for cluster 'orders': Failed to create new KafkaAdminClient: bad [hidden]");
        assertThatThrownBy(() -> use(orders)).isInstanceOf(ClusterSetupException.class);
        assertThat(created).hasSize(2);
    }

    @Test
    void realAdminForUnresolvableBrokersIsASetupError() {
        admins.close();
        admins = new KafkaAdmins(TestKafkaConfig.defaults().withAdminIdleTimeout(Duration.ofSeconds(1)));
        assertThatThrownBy(() -> use(new KafkaClusterRef.Bootstrap("no-such-host.invalid:9092")))
                .isInstanceOf(ClusterSetupException.class)
                .hasMessageContaining("cluster 'bootstrap no-such-host.invalid:9092'")
                .hasMessageContaining("bootstrap");
    }
}
