package io.fusionscaler.gpuagent.podresources;

import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.fusionscaler.gpuagent.podresources.FakeKubelet.container;
import static io.fusionscaler.gpuagent.podresources.FakeKubelet.devices;
import static io.fusionscaler.gpuagent.podresources.FakeKubelet.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The kubelet client over a real unix socket (Netty epoll), against a fake PodResources server. */
class PodResourcesClientTest {

    @TempDir
    Path dir;

    private FakeKubelet kubelet;
    private PodResourcesClient client;

    /** A deadline long enough for a first connect on a busy machine. */
    private PodResourcesClient client(Path socket) {
        client = new PodResourcesClient(socket, Duration.ofSeconds(10), new GpuResourceNames(List.of()));
        return client;
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (kubelet != null) {
            kubelet.close();
        }
    }

    @Test
    void listsTheGpusOfEveryPodOverTheKubeletsUnixSocket() {
        kubelet = FakeKubelet.start(dir.resolve("kubelet.sock"));
        kubelet.serve(pod("ml", "trainer-0", container("main", devices("nvidia.com/gpu", "GPU-a::3"))));

        assertThat(client(kubelet.socket()).list()).isEqualTo(new Attribution.Listed(List.of(
                new DeviceAssignment("ml", "trainer-0", "main", "nvidia.com/gpu", "GPU-a::3", "GPU-a"))));
    }

    @Test
    void noKubeletIsAFailureNamingTheSocket() {
        Path socket = dir.resolve("absent.sock");

        assertThat(client(socket).list()).isInstanceOfSatisfying(Attribution.Failed.class,
                failed -> assertThat(failed.message()).contains(socket.toString()).contains("UNAVAILABLE"));
    }

    @Test
    void aKubeletErrorIsAFailureWithItsStatus() {
        kubelet = FakeKubelet.start(dir.resolve("kubelet.sock"));
        kubelet.fail(Status.PERMISSION_DENIED.withDescription("not allowed"));

        assertThat(client(kubelet.socket()).list()).isInstanceOfSatisfying(Attribution.Failed.class,
                failed -> assertThat(failed.message()).contains("PERMISSION_DENIED (not allowed)"));
    }

    @Test
    void answersAgainOnceARestartedKubeletListensOnTheSocketAgain() {
        Path socket = dir.resolve("kubelet.sock");
        kubelet = FakeKubelet.start(socket);
        client(socket);
        assertThat(client.list()).isInstanceOf(Attribution.Listed.class);

        kubelet.close();
        kubelet = null;
        assertThat(client.list()).isInstanceOf(Attribution.Failed.class);
        kubelet = FakeKubelet.start(socket);
        kubelet.serve(pod("ml", "p", container("c", devices("nvidia.com/gpu", "GPU-z"))));

        await().atMost(Duration.ofSeconds(20)).until(() -> client.list() instanceof Attribution.Listed listed && listed.assignments().size() == 1);
    }
}
