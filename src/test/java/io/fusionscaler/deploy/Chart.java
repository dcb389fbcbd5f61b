package io.fusionscaler.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * This repository's Helm chart, linted and rendered by Helm's own library (helm-java). Renders always name a
 * Kubernetes version: without one Helm assumes v1.20, which the chart's kubeVersion rejects.
 */
final class Chart {

    static final Path DIR = Path.of("charts", "fusion-scaler");
    static final Path CI_VALUES = DIR.resolve("ci");
    static final String RELEASE = "fusion-scaler";
    static final String NAMESPACE = "keda";
    static final String KUBE_VERSION = "1.30.0";

    private Chart() {
    }

    static LintResult lintStrict() {
        return new Helm(DIR).lint().strict().call();
    }

    /** The release's manifests; throws IllegalStateException with Helm's message when Helm refuses the values. */
    static String template(List<Path> valuesFiles, Map<String, Object> sets) {
        TemplateCommand command = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
        for (Path file : valuesFiles) {
            command = command.withValuesFile(file);
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return command.call();
    }

    static Manifests render(Path... valuesFiles) {
        return Manifests.parse(template(List.of(valuesFiles), Map.of()));
    }

    static Manifests render(Map<String, Object> sets) {
        return Manifests.parse(template(List.of(), sets));
    }

    static Path ciValues(String name) {
        return CI_VALUES.resolve(name + "-values.yaml");
    }
}
