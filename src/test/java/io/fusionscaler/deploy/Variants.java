package io.fusionscaler.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The chart rendered with its defaults and with each values file under {@code charts/fusion-scaler/ci/}
 * (everything-on, tls-secret, tls-cert-manager, agent-off, jvm-image, namespaced-rbac), each rendered once.
 */
final class Variants {

    static final String DEFAULTS = "defaults";
    private static final Map<String, Manifests> RENDERS = new ConcurrentHashMap<>();

    private Variants() {
    }

    static Manifests render(String variant) {
        return RENDERS.computeIfAbsent(variant, v -> DEFAULTS.equals(v) ? Chart.render() : Chart.render(Chart.ciValues(v)));
    }

    /** Every variant's name: "defaults" first, then the ci/ values files. */
    static Stream<String> names() {
        List<String> names = new ArrayList<>(List.of(DEFAULTS));
        try (Stream<Path> files = Files.list(Chart.CI_VALUES)) {
            names.addAll(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("-values.yaml"))
                    .map(n -> n.substring(0, n.length() - "-values.yaml".length())).sorted().collect(Collectors.toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names.stream();
    }
}
