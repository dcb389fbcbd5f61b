package io.fusionscaler.trigger;

import io.fusionscaler.signal.SignalParser;
import io.fusionscaler.signal.TriggerMetadata;
import io.fusionscaler.signal.InvalidMetadataException;

import io.fusionscaler.signal.SignalSpec;
import io.fusionscaler.fusion.FusionPolicy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a trigger's whole {@code scalerMetadata}: each signal parser claims its keys, KEDA's own client
 * keys are accepted and ignored, and anything left is an unknown key (a typo must not silently turn a
 * signal off).
 */
public final class TriggerParser {

    /** Keys KEDA's external scaler client itself reads; they arrive in the metadata too. */
    static final Set<String> KEDA_CLIENT_KEYS = Set.of("scalerAddress", "enableTLS", "unsafeSsl", "tlsCertFile");
    static final String FUSION_KEY = "fusion";

    private final List<SignalParser> parsers;
    private final Set<String> knownKeys;

    public TriggerParser(List<SignalParser> parsers) {
        this.parsers = List.copyOf(parsers);
        Set<String> known = new HashSet<>(KEDA_CLIENT_KEYS);
        known.add(FUSION_KEY);
        parsers.forEach(p -> known.addAll(p.keys()));
        this.knownKeys = Set.copyOf(known);
    }

    public ParsedTrigger parse(Map<String, String> scalerMetadata) {
        TriggerMetadata metadata = new TriggerMetadata(scalerMetadata);
        try {
            rejectUnknownKeys(scalerMetadata.keySet());
            List<SignalSpec> signals = new ArrayList<>();
            for (SignalParser parser : parsers) {
                if (parser.isConfigured(metadata)) {
                    signals.add(parser.parse(metadata));
                }
            }
            if (signals.isEmpty()) {
                String signalKeys = parsers.stream().map(SignalParser::signal).collect(Collectors.joining(", "));
                return new ParsedTrigger.Invalid("scalerMetadata", "configures no signal; set the keys of at least one of: " + signalKeys);
            }
            return new ParsedTrigger.Valid(new TriggerSpec(signals, policy(metadata)));
        } catch (InvalidMetadataException e) {
            return new ParsedTrigger.Invalid(e.key(), e.rule());
        }
    }

    private void rejectUnknownKeys(Set<String> keys) throws InvalidMetadataException {
        for (String key : new TreeSet<>(keys)) {
            String base = key.endsWith(TriggerMetadata.FROM_ENV)
                    ? key.substring(0, key.length() - TriggerMetadata.FROM_ENV.length())
                    : key;
            if (!knownKeys.contains(key) && !knownKeys.contains(base)) {
                throw new InvalidMetadataException(key, "unknown key; known keys are " + new TreeSet<>(knownKeys));
            }
        }
    }

    private static FusionPolicy policy(TriggerMetadata metadata) throws InvalidMetadataException {
        String key = metadata.string(FUSION_KEY).orElse(FusionPolicy.MAX.key());
        return FusionPolicy.fromKey(key).orElseThrow(() -> new InvalidMetadataException(FUSION_KEY,
                "must be one of " + Arrays.stream(FusionPolicy.values()).map(FusionPolicy::key).collect(Collectors.toList())
                        + ", got '" + key + "'"));
    }
}
