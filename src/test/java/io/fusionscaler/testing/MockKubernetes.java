package io.fusionscaler.testing;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.kubernetes.client.KubernetesServer;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fabric8 mock API server in CRUD mode for tests without Quarkus: objects created through {@link #client()} are
 * served back (lists, label selectors, watches), and every request the code under test makes is recorded.
 */
public final class MockKubernetes implements AutoCloseable {

    private final KubernetesServer server = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());

    public MockKubernetes() {
        server.before();
    }

    /** A client of the server, for seeding and changing objects and for the code under test. */
    public NamespacedKubernetesClient client() {
        return server.getClient();
    }

    /** A new client of its own (its own connections), e.g. for the code under test. */
    public NamespacedKubernetesClient newClient() {
        return server.getKubernetesMockServer().createClient();
    }

    /**
     * The requests received since the previous call, as {@code METHOD path?query}, in order. Watches appear once, when
     * they open.
     */
    public List<String> takeRequests() throws InterruptedException {
        List<String> taken = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            taken.add(request.getMethod() + " " + request.getPath());
        }
        return taken;
    }

    public int port() {
        return server.getKubernetesMockServer().getPort();
    }

    @Override
    public void close() {
        server.after();
    }
}
