package io.fusionscaler.trigger;

import io.fusionscaler.fusion.FusionPolicy;
import io.fusionscaler.signal.InvalidMetadataException;
import io.fusionscaler.signal.SignalParser;
import io.fusionscaler.signal.SignalSpec;
import io.fusionscaler.signal.TriggerContext;
import io.fusionscaler.signal.TriggerMetadata;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a trigger's whole {@code scalerMetadata}: each signal parser claims its keys, KEDA's own client
 * keys are accepted and ignored, and anything left is an unknown key (a typo must not silently turn a
 * signal off). The parsers' claims are checked once, when this is built: no key has two owners, and every
 * signal but those that keep a KEDA trigger's key names prefixes its keys with its name.
 */
public final class TriggerParser {

    /** Keys KEDA's external scaler client itself reads; they arrive in the metadata too. */
    static final Set<String> KEDA_CLIENT_KEYS = Set.of("scalerAddress", "enableTLS", "unsafeSsl", "tlsCertFile");
    static final String FUSION_KEY = "fusion";

    private final List<SignalParser> parsers;
    private final Set<String> knownKeys;

    public TriggerParser(List<SignalParser> parsers) {
        this.parsers = List.copyOf(parsers);
        Map<String, String> owners = new HashMap<>();
        KEDA_CLIENT_KEYS.forEach(k -> owners.put(k, "KEDA's external scaler client"));
        owners.put(FUSION_KEY, "the fusion policy");
        for (SignalParser parser : parsers) {
            for (String key : parser.keys()) {
                String owner = owners.putIfAbsent(key, "signal '" + parser.signal() + "'");
                if (owner != null) {
                    throw new IllegalStateException("metadata key '" + key + "' is claimed by both " + owner
                            + " and signal '" + parser.signal() + "'");
                }
                if (!parser.keepsKedaKeyNames() && !key.startsWith(parser.signal())) {
                    throw new IllegalStateException("metadata key '" + key + "' of signal '" + parser.signal()
                            + "' must start with '" + parser.signal() + "'");
                }
            }
        }
        this.knownKeys = Set.copyOf(owners.keySet());
    }

    /** The signals' names, in the order their parsers run. */
    public List<String> signals() {
        return parsers.stream().map(SignalParser::signal).toList();
    }

    public ParsedTrigger parse(String namespace, String scaledObject, Map<String, String> scalerMetadata) {
        TriggerMetadata metadata = new TriggerMetadata(scalerMetadata);
        TriggerContext context = new TriggerContext(namespace, scaledObject, metadata);
        try {
            rejectUnknownKeys(scalerMetadata.keySet());
            List<SignalSpec> signals = new ArrayList<>();
            for (SignalParser parser : parsers) {
                if (parser.isConfigured(metadata)) {
                    signals.add(parser.parse(context));
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
