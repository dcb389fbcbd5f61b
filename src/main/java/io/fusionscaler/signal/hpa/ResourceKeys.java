package io.fusionscaler.signal.hpa;

import io.fusionscaler.signal.InvalidMetadataException;
import io.fusionscaler.signal.TriggerMetadata;
import io.fusionscaler.target.Quantity;
import io.fusionscaler.target.QuantitySyntaxException;

import java.util.Optional;
import java.util.regex.Pattern;

/** Validation of the metadata keys the CPU and memory signals share the rules of; messages quote at most a short prefix. */
public final class ResourceKeys {

    /** The most a utilization target may be, in percent of requests (as the HPA, it may exceed 100 %). */
    public static final int MAX_UTILIZATION = 1000;
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final int QUOTED = 40;

    private ResourceKeys() {
    }

    /** An integer percentage of requests in 1..1000. */
    public static Optional<Integer> utilization(TriggerMetadata metadata, String key) throws InvalidMetadataException {
        Optional<String> value = metadata.string(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        int percent;
        try {
            percent = Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw new InvalidMetadataException(key, "must be an integer percentage of the pods' requests (1-" + MAX_UTILIZATION
                    + "), got '" + quoted(value.get()) + "'");
        }
        if (percent < 1 || percent > MAX_UTILIZATION) {
            throw new InvalidMetadataException(key, "must be between 1 and " + MAX_UTILIZATION + " (percent of the pods' requests), got " + percent);
        }
        return Optional.of(percent);
    }

    /** A positive Kubernetes quantity ({@code 300Mi}, {@code 1.5Gi}). */
    public static Optional<Quantity> positiveQuantity(TriggerMetadata metadata, String key) throws InvalidMetadataException {
        Optional<String> value = metadata.string(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Quantity quantity;
        try {
            quantity = Quantity.parse(value.get());
            quantity.milliValue();
        } catch (QuantitySyntaxException e) {
            throw new InvalidMetadataException(key, "must be a Kubernetes quantity such as 300Mi or 1.5Gi: " + e.getMessage());
        } catch (ArithmeticException e) {
            throw new InvalidMetadataException(key, "is too large: '" + quoted(value.get()) + "'");
        }
        if (!quantity.isPositive()) {
            throw new InvalidMetadataException(key, "must be greater than 0, got '" + quoted(value.get()) + "'");
        }
        return Optional.of(quantity);
    }

    /** A container name (a DNS-1123 label), or empty for whole pods. */
    public static String containerName(TriggerMetadata metadata, String key) throws InvalidMetadataException {
        Optional<String> value = metadata.string(key);
        if (value.isEmpty()) {
            return "";
        }
        if (!CONTAINER_NAME.matcher(value.get()).matches()) {
            throw new InvalidMetadataException(key, "must be a container name (1-63 lower-case letters, digits and '-', starting "
                    + "and ending with a letter or digit), got '" + quoted(value.get()) + "'");
        }
        return value.get();
    }

    private static String quoted(String value) {
        return value.length() <= QUOTED ? value : value.substring(0, QUOTED) + "…";
    }
}
