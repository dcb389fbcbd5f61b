package io.fusionscaler.gpuagent.podresources;

import io.fusionscaler.gpuagent.podresources.proto.ContainerDevices;
import io.fusionscaler.gpuagent.podresources.proto.ContainerResources;
import io.fusionscaler.gpuagent.podresources.proto.ListPodResourcesResponse;
import io.fusionscaler.gpuagent.podresources.proto.PodResources;
import io.fusionscaler.gpuagent.podresources.proto.PodResourcesListerGrpc;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet's PodResources service on a unix socket, answering List with what the test set. The service is a bare
 * {@link ServerServiceDefinition}, not a {@code BindableService} class, so Quarkus never mistakes it for one of ours.
 */
public final class FakeKubelet implements AutoCloseable {

    private final Path socket;
    private final EventLoopGroup boss = new EpollEventLoopGroup(1);
    private final EventLoopGroup workers = new EpollEventLoopGroup(1);
    private final Server server;
    private volatile ListPodResourcesResponse pods = ListPodResourcesResponse.getDefaultInstance();
    private volatile Status failure;

    private FakeKubelet(Path socket) throws IOException {
        this.socket = socket;
        Files.deleteIfExists(socket);
        ServerServiceDefinition service = ServerServiceDefinition.builder(PodResourcesListerGrpc.SERVICE_NAME)
                .addMethod(PodResourcesListerGrpc.getListMethod(), ServerCalls.asyncUnaryCall((request, response) -> {
                    Status status = failure;
                    if (status != null) {
                        response.onError(status.asRuntimeException());
                        return;
                    }
                    response.onNext(pods);
                    response.onCompleted();
                }))
                .build();
        this.server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .withChildOption(ChannelOption.SO_KEEPALIVE, null)
                .addService(service)
                .build()
                .start();
    }

    public static FakeKubelet start(Path socket) {
        try {
            return new FakeKubelet(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path socket() {
        return socket;
    }

    /** The pods List answers with from now on, and no failure. */
    public void serve(PodResources... podResources) {
        pods = ListPodResourcesResponse.newBuilder().addAllPodResources(List.of(podResources)).build();
        failure = null;
    }

    /** List fails with this status from now on. */
    public void fail(Status status) {
        failure = status;
    }

    public static PodResources pod(String namespace, String name, ContainerResources... containers) {
        return PodResources.newBuilder().setNamespace(namespace).setName(name).addAllContainers(List.of(containers)).build();
    }

    public static ContainerResources container(String name, ContainerDevices... devices) {
        return ContainerResources.newBuilder().setName(name).addAllDevices(List.of(devices)).build();
    }

    public static ContainerDevices devices(String resource, String... ids) {
        return ContainerDevices.newBuilder().setResourceName(resource).addAllDeviceIds(List.of(ids)).build();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
