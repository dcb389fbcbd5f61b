package io.fusionscaler.testing.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Asks a starting broker whether it serves requests: first whether its port accepts connections, then, with an
 * Admin client, whether the cluster has a live broker.
 */
final class ReadinessProbe implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

    private final int port;
    private Admin admin;

    ReadinessProbe(int plaintextPort) {
        this.port = plaintextPort;
    }

    boolean brokerIsReady() {
        if (admin == null && acceptsConnections()) {
            admin = createAdmin();
        }
        return admin != null && hasLiveBroker();
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
    }

    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ListenerPorts.LOOPBACK, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Kafka clients load their plug-ins (metrics reporters, serializers...) through the thread's context class
     * loader; when that is another loader than this class's (a Quarkus test application calling into the system
     * class loader's copy), the plug-ins would not fit. So the Admin client is made with this class's loader.
     */
    private Admin createAdmin() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ReadinessProbe.class.getClassLoader());
        try {
            return Admin.create(clientConfig());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private Map<String, Object> clientConfig() {
        int timeoutMs = (int) CALL_TIMEOUT.toMillis();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ListenerPorts.address(port));
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-broker-readiness");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        return config;
    }

    private boolean hasLiveBroker() {
        DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) CALL_TIMEOUT.toMillis());
        try {
            return !admin.describeCluster(options).nodes()
                    .get(CALL_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }
}
