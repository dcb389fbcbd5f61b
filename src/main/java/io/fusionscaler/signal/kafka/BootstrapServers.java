package io.fusionscaler.signal.kafka;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Checks and normalizes a comma-separated {@code host:port} list, as Kafka's {@code bootstrap.servers} wants it. */
final class BootstrapServers {

    private BootstrapServers() {
    }

    static String normalize(String servers) {
        return Arrays.stream(servers.split(",", -1)).map(String::trim).collect(Collectors.joining(","));
    }

    /** Why {@code servers} is not a usable list, or empty when it is. */
    static Optional<String> problem(String servers) {
        if (servers.isBlank()) {
            return Optional.of("must list at least one host:port");
        }
        for (String entry : servers.split(",", -1)) {
            String server = entry.trim();
            int colon = server.lastIndexOf(':');
            if (colon <= 0 || !validPort(server.substring(colon + 1))) {
                return Optional.of("must be a comma-separated list of host:port, got '" + server + "'");
            }
        }
        return Optional.empty();
    }

    private static boolean validPort(String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int value = Integer.parseInt(port);
        return value >= 1 && value <= 65535;
    }
}
