package io.fusionscaler.testing;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * The fabric8 mock API server in CRUD mode for tests without Quarkus: objects created through {@link #client()} are
 * served back (lists, label selectors, watches), and every request the code under test makes is recorded. Objects are
 * found by name through an index ({@link IndexedCrudDispatcher}), so tens of thousands can be seeded.
 */
public final class MockKubernetes implements AutoCloseable {

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;

    public MockKubernetes() {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations, new IndexedCrudDispatcher(expectations), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    /** A client of the server, for seeding and changing objects and for the code under test. */
    public NamespacedKubernetesClient client() {
        return client;
    }

    /** A new client of its own (its own connections), e.g. for the code under test. */
    public NamespacedKubernetesClient newClient() {
        return server.createClient();
    }

    /**
     * The requests received since the previous call, as {@code METHOD path?query}, in order. Watches appear once, when
     * they open.
     */
    public List<String> takeRequests() throws InterruptedException {
        List<String> taken = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            taken.add(request.getMethod() + " " + request.getPath());
        }
        return taken;
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.destroy();
        client.close();
    }
}
