package io.fusionscaler.keda;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The one metric name each ScaledObject gets. It depends on namespace and name only, so it stays the same
 * when the trigger's metadata changes (the HPA keeps the name it was built with), and it is
 * lowercase {@code [a-z0-9-]}. Long names are shortened with a hash suffix so two ScaledObjects never share one.
 */
public final class MetricNames {

    static final String PREFIX = "fusion";
    static final int MAX_LENGTH = 63;
    private static final int HASH_CHARS = 8;

    private MetricNames() {
    }

    public static String fused(String namespace, String name) {
        String readable = PREFIX + "-" + sanitize(namespace) + "-" + sanitize(name);
        if (readable.length() <= MAX_LENGTH && readable.equals(PREFIX + "-" + namespace + "-" + name)) {
            return readable;
        }
        // Sanitizing can map two names onto one ("a.b" and "a_b"), so any altered or shortened name carries a hash of the original.
        String hash = sha256Hex(namespace + "/" + name).substring(0, HASH_CHARS);
        String head = readable.substring(0, Math.min(readable.length(), MAX_LENGTH - HASH_CHARS - 1));
        return trimDashes(head) + "-" + hash;
    }

    static String sanitize(String part) {
        String lower = part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-");
        String trimmed = trimDashes(lower);
        return trimmed.isEmpty() ? "x" : trimmed;
    }

    private static String trimDashes(String s) {
        return s.replaceAll("^-+|-+$", "");
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }
}
