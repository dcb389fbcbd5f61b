package io.fusionscaler.gpuagent.podresources;

import io.fusionscaler.gpuagent.podresources.proto.ListPodResourcesRequest;
import io.fusionscaler.gpuagent.podresources.proto.PodResourcesListerGrpc;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Calls the kubelet's {@code v1.PodResourcesLister/List} over its unix socket. grpc-java reaches a unix socket
 * only through Netty's epoll transport ({@code netty-transport-native-epoll}, Linux). The channel reconnects by
 * itself when the kubelet restarts and recreates the socket. Called from one thread, once per pass.
 */
public final class PodResourcesClient implements AutoCloseable {

    private final Path socket;
    private final Duration timeout;
    private final GpuResourceNames gpuResources;
    /** Null where epoll is unavailable (not Linux, or its native library could not be loaded). */
    private final EventLoopGroup eventLoop;
    private final ManagedChannel channel;

    public PodResourcesClient(Path socket, Duration timeout, GpuResourceNames gpuResources) {
        this.socket = socket;
        this.timeout = timeout;
        this.gpuResources = gpuResources;
        if (!Epoll.isAvailable()) {
            this.eventLoop = null;
            this.channel = null;
            return;
        }
        this.eventLoop = new EpollEventLoopGroup(1, new DefaultThreadFactory("gpu-agent-kubelet", true));
        this.channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(eventLoop)
                .channelType(EpollDomainSocketChannel.class)
                .usePlaintext()
                // grpc-java sets TCP keep-alive on every channel; null takes it off again (unix sockets have none).
                .withOption(ChannelOption.SO_KEEPALIVE, null)
                .build();
        channel.getState(true); // connect now, not within the first call's deadline
    }

    public Attribution list() {
        if (channel == null) {
            return new Attribution.Failed("unix sockets need Netty's epoll transport, unavailable here: " + Epoll.unavailabilityCause());
        }
        if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            // Each pass may try again at once: a unix socket is cheap to probe, and the kubelet may be back.
            channel.resetConnectBackoff();
        }
        try {
            return new Attribution.Listed(DeviceAssignments.of(PodResourcesListerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .list(ListPodResourcesRequest.getDefaultInstance()), gpuResources));
        } catch (StatusRuntimeException e) {
            return new Attribution.Failed("PodResources List on " + socket + ": " + e.getStatus().getCode()
                    + (e.getStatus().getDescription() == null ? "" : " (" + e.getStatus().getDescription() + ")"));
        }
    }

    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
