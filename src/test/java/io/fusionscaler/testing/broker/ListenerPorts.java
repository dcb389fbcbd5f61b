package io.fusionscaler.testing.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** The broker's ports on the loopback address; 0 for a listener that is off. Picked once, kept across restarts. */
record ListenerPorts(int plaintext, int controller, int sasl, int ssl) {

    static final String LOOPBACK = "127.0.0.1";

    static ListenerPorts allocate(BrokerSettings settings) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int plaintext = freePort(sockets);
            int controller = freePort(sockets);
            int sasl = settings.saslUsers().any() ? freePort(sockets) : 0;
            int ssl = settings.ssl() ? freePort(sockets) : 0;
            return new ListenerPorts(plaintext, controller, sasl, ssl);
        } finally {
            sockets.forEach(ListenerPorts::closeQuietly);
        }
    }

    /** {@code 127.0.0.1:port} */
    static String address(int port) {
        return LOOPBACK + ":" + port;
    }

    /** Keeps each socket open until all ports are picked, so that no port is picked twice. */
    private static int freePort(List<ServerSocket> sockets) {
        try {
            ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
            sockets.add(socket);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // the port is free either way
        }
    }
}
