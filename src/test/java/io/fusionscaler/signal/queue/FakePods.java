package io.fusionscaler.signal.queue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pods' metrics endpoints for tests: one real HTTP server per pod, each on its own loopback address (127.0.0.2,
 * 127.0.0.3, ...; all of 127.0.0.0/8 is loopback on Linux) and all on one port, as pods of a Deployment are. Each
 * pod's behaviour is set by the test: serve a page, answer slowly, hang, fail, send too much, or be gone.
 */
public final class FakePods implements AutoCloseable {

    /** How a pod answers one request. */
    @FunctionalInterface
    interface Behaviour {
        void answer(HttpExchange exchange, CountDownLatch closing) throws IOException, InterruptedException;
    }

    public final int port;
    private final List<Pod> pods;

    private FakePods(int port, List<Pod> pods) {
        this.port = port;
        this.pods = pods;
    }

    /** {@code count} pods on 127.0.0.{first}, 127.0.0.{first+1}, ..., all serving an empty page until told otherwise. */
    public static FakePods start(int first, int count) throws IOException {
        for (int attempt = 0; ; attempt++) {
            List<Pod> started = new ArrayList<>();
            try {
                int port = 0;
                for (int i = 0; i < count; i++) {
                    Pod pod = new Pod("pod-" + i, "127.0.0." + (first + i), port);
                    started.add(pod);
                    port = pod.port;
                }
                return new FakePods(port, started);
            } catch (BindException e) {
                started.forEach(Pod::close);
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }

    public Pod pod(int index) {
        return pods.get(index);
    }

    public List<Pod> all() {
        return pods;
    }

    /** The pods as target discovery reports them: running, with their addresses. */
    List<QueuePod> running() {
        return pods.stream().map(p -> new QueuePod(p.name, p.ip, QueuePod.State.RUNNING)).toList();
    }

    @Override
    public void close() {
        pods.forEach(Pod::close);
    }

    static Behaviour page(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        return (exchange, closing) -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        };
    }

    static Behaviour slow(Duration delay, String text) {
        Behaviour page = page(text);
        return (exchange, closing) -> {
            closing.await(delay.toMillis(), TimeUnit.MILLISECONDS);
            page.answer(exchange, closing);
        };
    }

    /** Accepts the request and never answers (until the test ends). */
    static Behaviour hang() {
        return (exchange, closing) -> closing.await(60, TimeUnit.SECONDS);
    }

    static Behaviour status(int code) {
        return (exchange, closing) -> {
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        };
    }

    /** A valid but endless-looking page sent chunked (no Content-Length), {@code bytes} long. */
    static Behaviour oversized(int bytes) {
        byte[] line = "# padding padding padding padding padding padding padding padding padding padding\n"
                .getBytes(StandardCharsets.UTF_8);
        return (exchange, closing) -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int sent = 0; sent < bytes; sent += line.length) {
                    out.write(line);
                }
            } catch (IOException e) {
                // the scraper hung up once it had enough: expected
            }
        };
    }

    /** One pod's endpoint. */
    public static final class Pod implements AutoCloseable {
        public final String name;
        public final String ip;
        public final int port;
        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fake-pod");
            thread.setDaemon(true);
            return thread;
        });
        private final CountDownLatch closing = new CountDownLatch(1);
        private final AtomicInteger requests = new AtomicInteger();
        private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        private volatile Behaviour behaviour = page("");
        private volatile boolean stopped;

        Pod(String name, String ip, int port) throws IOException {
            this.name = name;
            this.ip = ip;
            this.server = HttpServer.create(new InetSocketAddress(ip, port), 64);
            this.port = server.getAddress().getPort();
            server.createContext("/", this::handle);
            server.setExecutor(threads);
            server.start();
        }

        private void handle(HttpExchange exchange) throws IOException {
            requests.incrementAndGet();
            clientPorts.add(exchange.getRemoteAddress().getPort());
            try {
                behaviour.answer(exchange, closing);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        }

        Pod serve(Behaviour next) {
            behaviour = next;
            return this;
        }

        public Pod serve(String page) {
            return serve(page(page));
        }

        public int requests() {
            return requests.get();
        }

        /** Distinct client connections seen (by the client's port): 1 after many scrapes means keep-alive works. */
        int connections() {
            return clientPorts.size();
        }

        /** The pod is gone: connections are refused from now on. */
        void stop() {
            if (!stopped) {
                stopped = true;
                closing.countDown();
                server.stop(0);
            }
        }

        @Override
        public void close() {
            stop();
            threads.shutdownNow();
        }
    }
}
