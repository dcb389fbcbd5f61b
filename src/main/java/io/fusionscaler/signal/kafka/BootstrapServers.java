package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.Excerpt;
import io.fusionscaler.signal.TriggerMetadata;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks and normalizes a comma-separated {@code host:port} list, as Kafka's {@code bootstrap.servers} wants it. A host
 * is a host name (RFC 1123 labels; {@code _} tolerated, as DNS and Kafka's own parser allow it), a dotted-quad IPv4
 * address, or an IPv6 address in brackets. Anything else would only fail later, on every refresh, inside the Kafka
 * client, and a name too long for Kafka's protocol strings would kill the client's network thread.
 */
final class BootstrapServers {

    static final int MAX_ENTRIES = 32;
    static final int MAX_HOST_NAME_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9._~-]+");

    private BootstrapServers() {
    }

    static String normalize(String servers) {
        return Arrays.stream(servers.split(",", -1)).map(TriggerMetadata::trimSpace).collect(Collectors.joining(","));
    }

    /** Why {@code servers} is not a usable list, or empty when it is. */
    static Optional<String> problem(String servers) {
        String[] entries = servers.split(",", -1);
        if (servers.isBlank()) {
            return Optional.of("must list at least one host:port");
        }
        if (entries.length > MAX_ENTRIES) {
            return Optional.of("must list at most " + MAX_ENTRIES + " host:port entries, got " + entries.length);
        }
        for (String entry : entries) {
            String server = TriggerMetadata.trimSpace(entry);
            Optional<String> problem = serverProblem(server);
            if (problem.isPresent()) {
                return Optional.of("must be a comma-separated list of host:port, got " + Excerpt.quoted(server) + ": " + problem.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> serverProblem(String server) {
        int colon = server.lastIndexOf(':');
        if (colon <= 0) {
            return Optional.of("no host:port");
        }
        String port = server.substring(colon + 1);
        if (!validPort(port)) {
            return Optional.of("the port must be a number from 1 to 65535");
        }
        String host = server.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            return isIpv6(host.substring(1, host.length() - 1)) ? Optional.empty() : Optional.of("not an IPv6 address");
        }
        if (host.contains(":")) {
            return Optional.of("an IPv6 address needs brackets, e.g. [::1]:9092");
        }
        return hostNameProblem(host);
    }

    /** RFC 1123 host names; one whose last label is numeric can only be a dotted-quad IPv4 address (RFC 1123, 2.1). */
    private static Optional<String> hostNameProblem(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.length() > MAX_HOST_NAME_LENGTH) {
            return Optional.of("a host name has at most " + MAX_HOST_NAME_LENGTH + " characters");
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("not a host name (dot-separated labels of 1 to 63 letters, digits, '-' inside, '_'), "
                        + "an IPv4 address or a bracketed IPv6 address");
            }
        }
        if (DIGITS.matcher(labels[labels.length - 1]).matches() && !isIpv4(labels)) {
            return Optional.of("not an IPv4 address (four numbers from 0 to 255)");
        }
        return Optional.empty();
    }

    private static boolean isIpv4(String[] labels) {
        return labels.length == 4 && Arrays.stream(labels).allMatch(l -> DIGITS.matcher(l).matches() && l.length() <= 3
                && Integer.parseInt(l) <= 255);
    }

    /** RFC 4291 text form: eight hex groups, one "::" standing for one or more zero groups, an IPv4 tail, a zone. */
    private static boolean isIpv6(String address) {
        int percent = address.indexOf('%');
        if (percent >= 0 && !ZONE.matcher(address.substring(percent + 1)).matches()) {
            return false;
        }
        String groups = percent >= 0 ? address.substring(0, percent) : address;
        int gap = groups.indexOf("::");
        if (gap >= 0 && groups.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        if (gap < 0) {
            return groupCount(groups, true) == 8;
        }
        int head = groups.substring(0, gap).isEmpty() ? 0 : groupCount(groups.substring(0, gap), false);
        String tailText = groups.substring(gap + 2);
        int tail = tailText.isEmpty() ? 0 : groupCount(tailText, true);
        return head >= 0 && tail >= 0 && head + tail <= 7;
    }

    /** How many 16-bit groups {@code text} holds ({@code a:b:c}, an IPv4 tail counting two), or -1 when malformed. */
    private static int groupCount(String text, boolean ipv4TailAllowed) {
        String[] parts = text.split(":", -1);
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            if (HEX_GROUP.matcher(parts[i]).matches()) {
                count++;
            } else if (ipv4TailAllowed && i == parts.length - 1 && isIpv4(parts[i].split("\\.", -1))) {
                count += 2;
            } else {
                return -1;
            }
        }
        return count;
    }

    private static boolean validPort(String port) {
        if (port.isEmpty() || port.length() > 5 || !DIGITS.matcher(port).matches()) {
            return false;
        }
        int value = Integer.parseInt(port);
        return value >= 1 && value <= 65535;
    }
}
